package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's tenant Role ("Kubernetes RBAC for tenants"), applied as it stands, beside the
 * chart's own RBAC, on a real API server: a member of team-a creates, edits and deletes
 * LambdaEfsMounts in team-a, and can neither write their status nor touch another namespace.
 */
@ExtendWith(RealApiServer.class)
class TenantRbacOnApiServerTest {
  static final String[] ALICE = {"--as", "alice", "--as-group", "team-a"};
  private static Cluster cluster;

  @TempDir static Path tmp;

  @BeforeAll
  static void install(Cluster c) {
    cluster = c;
    cluster.applyCrd();
    cluster
        .kubectl("apply", "-f", "deploy/00-namespace.yaml", "-f", "deploy/02-rbac.yaml")
        .succeeded();
    cluster.namespace("team-a");
    cluster.namespace("team-b");
  }

  /** The first YAML block of the README's section on tenant RBAC. */
  static String readmeTenantRole() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("### Kubernetes RBAC for tenants");
    assertThat(section).as("README has the section").isNotNegative();
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  private static Cluster.Result asAlice(String... args) {
    List<String> all = new ArrayList<>(List.of(ALICE));
    all.addAll(List.of(args));
    return cluster.kubectl(all.toArray(String[]::new));
  }

  @Test
  void aTenantEditsItsOwnLambdaEfsMountsButNotTheirStatusNorAnotherNamespaces() throws IOException {
    Path role = tmp.resolve("tenant-role.yaml");
    Files.writeString(role, readmeTenantRole());
    cluster.kubectl("apply", "-f", role.toString()).succeeded();

    asAlice("apply", "-f", cluster.exampleIn("team-a").toString()).succeeded();
    asAlice(
            "patch",
            "-n",
            "team-a",
            "lem/file-processor-data",
            "--type=merge",
            "-p",
            "{\"spec\":{\"readOnly\":true}}")
        .succeeded();

    Cluster.Result status =
        asAlice(
            "patch",
            "-n",
            "team-a",
            "lem/file-processor-data",
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                + "\"reason\":\"Mounted\",\"message\":\"trust me\","
                + "\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}");
    assertThat(status.exitCode()).as(status.out()).isNotZero();
    assertThat(status.err()).contains("forbidden", "resource \"lambdaefsmounts/status\"");
    // The same through the API, as a controller of the tenant's own would try it.
    try (KubernetesClient alice = cluster.clientAs("alice", "team-a")) {
      LambdaEfsMount mine =
          alice
              .resources(LambdaEfsMount.class)
              .inNamespace("team-a")
              .withName("file-processor-data")
              .get();
      LambdaEfsMountStatus claim = new LambdaEfsMountStatus();
      claim.setObservedGeneration(mine.getMetadata().getGeneration());
      mine.setStatus(claim);
      assertThatThrownBy(() -> alice.resources(LambdaEfsMount.class).resource(mine).patchStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains("cannot patch resource \"lambdaefsmounts/status\"");
              });
    }
    assertThat(
            cluster
                .kubectl(
                    "get",
                    "-n",
                    "team-a",
                    "lem/file-processor-data",
                    "-o",
                    "jsonpath={.status.conditions}")
                .succeeded()
                .out())
        .as("the status is untouched")
        .isEmpty();

    Cluster.Result elsewhere = asAlice("apply", "-f", cluster.exampleIn("team-b").toString());
    assertThat(elsewhere.exitCode()).isNotZero();
    assertThat(elsewhere.err()).contains("forbidden").contains("namespace \"team-b\"");

    // The README's checks, word for word.
    assertThat(
            asAlice(
                    "auth",
                    "can-i",
                    "patch",
                    "lambdaefsmounts",
                    "--subresource=status",
                    "-n",
                    "team-a")
                .out()
                .strip())
        .isEqualTo("no");
    assertThat(asAlice("auth", "can-i", "create", "lambdaefsmounts", "-n", "team-b").out().strip())
        .isEqualTo("no");
    assertThat(asAlice("auth", "can-i", "create", "lambdaefsmounts", "-n", "team-a").out().strip())
        .isEqualTo("yes");

    asAlice("delete", "-n", "team-a", "lem/file-processor-data").succeeded();
  }

  @Test
  void theReadmeShowsTheChecksItSaysTheTestsRun() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme)
        .contains(
            "kubectl auth can-i patch lambdaefsmounts --subresource=status -n team-a --as alice"
                + " --as-group team-a   # no",
            "kubectl auth can-i create lambdaefsmounts -n team-b --as alice --as-group team-a");
  }
}
