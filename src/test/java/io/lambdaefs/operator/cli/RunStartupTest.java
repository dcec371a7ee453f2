package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} (and the jar without arguments) when it cannot start: no cluster, no CRD, no Lease
 * namespace, no Region, an allow-list of roles it cannot read. One line naming what it used and
 * what to set, exit code 2, no stack trace.
 */
class RunStartupTest {
  static final Map<String, String> AWS =
      Map.of("AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");

  @TempDir Path tmp;

  private Path kubeconfig(String server, String namespace) throws IOException {
    return Files.writeString(
        tmp.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: c, context: {cluster: c, user: u%s}}]
        current-context: c
        """
            .formatted(server, namespace == null ? "" : ", namespace: " + namespace));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void oneLineNoStackTrace(MainProcess.Result r) {
    assertThat(r.exit()).as(r.err()).isEqualTo(RunCommand.CANNOT_START);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err() + r.out()).doesNotContain("\tat ", "Exception in thread");
  }

  @Test
  void theJarWithoutArgumentsAndWithoutAClusterSaysSoInOneLine() throws Exception {
    MainProcess.Result r = MainProcess.run(tmp, AWS);

    oneLineNoStackTrace(r);
    assertThat(r.err())
        .startsWith("run: cannot reach the Kubernetes API server at https://kubernetes.default.svc")
        .contains("no kubeconfig", "demo");
  }

  @Test
  void anUnreachableApiServerIsNamedWithTheKubeconfigThatNamedIt() throws Exception {
    String url = "https://127.0.0.1:" + closedPort() + "/";
    Path config = kubeconfig(url, "default");

    MainProcess.Result r =
        MainProcess.run(
            tmp, Map.of("KUBECONFIG", config.toString(), "AWS_REGION", "us-east-1"), "run");

    oneLineNoStackTrace(r);
    assertThat(r.err())
        .startsWith("run: cannot reach the Kubernetes API server at " + url)
        .contains("(kubeconfig " + config + ")", "ConnectException");
  }

  @Test
  void aMissingLeaseNamespaceIsOneLineNamingTheOption() throws Exception {
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes()) {
      Path config = kubeconfig(kubernetes.client().getMasterUrl().toString(), null);

      MainProcess.Result r =
          MainProcess.run(
              tmp, Map.of("KUBECONFIG", config.toString(), "AWS_REGION", "us-east-1"), "run");

      oneLineNoStackTrace(r);
      assertThat(r.err())
          .startsWith("run: leader election needs the Lease's namespace")
          .contains("--lease-namespace", "LEASE_NAMESPACE", "--leader-election=false");
    }
  }

  @Test
  void noRegionAnywhereIsOneLineNamingTheSettings() throws Exception {
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes()) {
      Path config = kubeconfig(kubernetes.client().getMasterUrl().toString(), "default");

      MainProcess.Result r =
          MainProcess.run(
              tmp,
              Map.of(
                  "KUBECONFIG",
                  config.toString(),
                  "AWS_EC2_METADATA_DISABLED",
                  "true",
                  "LEADER_ELECTION",
                  "false"),
              "run");

      oneLineNoStackTrace(r);
      assertThat(r.err()).startsWith("run: no AWS Region").contains("--region", "AWS_REGION");
    }
  }

  @Test
  void aBadAllowedRolesIsOneLineNamingTheEntryAndTheSetting() throws Exception {
    MainProcess.Result r =
        MainProcess.run(tmp, Map.of("AWS_REGION", "us-east-1", "ALLOWED_ROLES", "team-a"), "run");

    oneLineNoStackTrace(r);
    assertThat(r.err())
        .startsWith("run: allowed roles: 'team-a' is not NAMESPACE=ROLE_ARN[,ROLE_ARN...]")
        .contains("--allowed-roles", "ALLOWED_ROLES", "tenancy.allowedRoles");
  }

  @Test
  void badAwsRateLimitsAreOneLineNamingTheEntryAndTheSetting() throws Exception {
    MainProcess.Result r =
        MainProcess.run(
            tmp,
            Map.of("AWS_REGION", "us-east-1", "AWS_RATE_LIMITS", "lambda-control=5,lambda=3"),
            "run");

    oneLineNoStackTrace(r);
    assertThat(r.err())
        .startsWith("run: AWS rate limits")
        .contains(
            "unknown API family 'lambda'", "lambda-control", "AWS_RATE_LIMITS", "awsRateLimits");

    MainProcess.Result zero =
        MainProcess.run(tmp, Map.of("AWS_REGION", "us-east-1", "AWS_RATE_LIMITS", "efs=0"), "run");
    oneLineNoStackTrace(zero);
    assertThat(zero.err()).contains("above 0 per second", "--aws-rate-limits");
  }

  @Test
  void aClusterWithoutTheCrdIsToldToInstallIt() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      assertThat(ClusterCheck.problem(client))
          .hasValueSatisfying(
              p ->
                  assertThat(p)
                      .contains("does not serve lambdaefs.io/v1alpha1 LambdaEfsMount")
                      .contains("kubectl apply -f crds/lambdaefsmounts.lambdaefs.io-v1.yml"));
    } finally {
      server.destroy();
    }
  }

  @Test
  void aClusterServingTheCrdIsUsable() {
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes()) {
      assertThat(ClusterCheck.problem(kubernetes.client())).isEmpty();
    }
  }

  @Test
  void anUnreachableServerIsNamedInProcessToo() throws IOException {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:" + closedPort())
            .withConnectionTimeout(2_000)
            .withRequestTimeout(2_000)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(ClusterCheck.problem(client))
          .hasValueSatisfying(
              p ->
                  assertThat(p)
                      .startsWith("cannot reach the Kubernetes API server at https://127.0.0.1:"));
    }
  }
}
