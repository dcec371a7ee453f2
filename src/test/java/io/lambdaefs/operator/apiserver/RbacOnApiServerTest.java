package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.runtime.LeaderElection;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator with exactly the permissions the chart renders (deploy/02-rbac.yaml, applied as
 * {@code kubectl apply -k deploy/} would), its client impersonating the chart's ServiceAccount.
 */
@ExtendWith(RealApiServer.class)
class RbacOnApiServerTest {
  static final String OPERATOR_NAMESPACE = "lambda-efs-operator";
  static final String SERVICE_ACCOUNT =
      "system:serviceaccount:lambda-efs-operator:lambda-efs-operator";
  private static Cluster cluster;

  @BeforeAll
  static void install(Cluster c) {
    cluster = c;
    cluster.applyCrd();
    cluster
        .kubectl("apply", "-f", "deploy/00-namespace.yaml", "-f", "deploy/02-rbac.yaml")
        .succeeded();
  }

  /** A client as the operator's pod has it: the ServiceAccount's identity and groups. */
  static KubernetesClient operatorClient() {
    return cluster.clientAs(
        SERVICE_ACCOUNT,
        "system:serviceaccounts",
        "system:serviceaccounts:" + OPERATOR_NAMESPACE,
        "system:authenticated");
  }

  @Test
  void theChartsPermissionsAllowEveryCallAndTheLeaseIsTakenRenewedAndReleased() throws Exception {
    String ns = cluster.namespace("rbac-flow");
    LeaderElection election =
        LeaderElection.of(OPERATOR_NAMESPACE, "rbac-operator")
            .withTimings(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1));
    try (LogCapture logs = new LogCapture("rbac");
        KubernetesClient client = operatorClient()) {
      OperatorRuntime operator =
          InProcessOperator.start(client, InProcessOperator.exampleWorld(), election);
      try {
        Lease taken = awaitLease(l -> "rbac-operator".equals(l.getSpec().getHolderIdentity()));
        cluster.kubectl("apply", "-f", cluster.exampleIn(ns).toString()).succeeded();
        LambdaEfsMount ready = awaitReady(ns);
        assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();
        // The Event follows the status patch that made the resource Ready.
        await("the Mounted event in " + ns)
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(
                            cluster
                                .client()
                                .v1()
                                .events()
                                .inNamespace(ns)
                                .list()
                                .getItems()
                                .stream()
                                .map(e -> e.getReason())
                                .toList())
                        .contains("Mounted"));

        // Renewals past the renew deadline: the leader renews with the verbs the Role grants.
        ZonedDateTime acquired = taken.getSpec().getRenewTime();
        awaitLease(
            l -> l.getSpec().getRenewTime().isAfter(acquired.plus(election.renewDeadline())));
        assertThat(operator.isLeader()).isTrue();

        cluster.kubectl("delete", "-n", ns, "lem/file-processor-data", "--timeout=90s").succeeded();
      } finally {
        operator.close();
      }
      Lease released =
          awaitLease(
              l ->
                  l.getSpec().getHolderIdentity() == null
                      || l.getSpec().getHolderIdentity().isEmpty());
      assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
      assertThat(logs.problems()).as("warnings and errors about this operator").isEmpty();
    }
  }

  @Test
  void withoutPatchOnTheStatusTheOperatorSaysWhichPermissionIsMissing() throws Exception {
    String ns = cluster.namespace("rbac-less");
    ClusterRole full = cluster.client().rbac().clusterRoles().withName("lambda-efs-operator").get();
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule r : full.getRules()) {
      PolicyRule copy = cluster.client().getKubernetesSerialization().clone(r);
      if (copy.getResources().equals(List.of("lambdaefsmounts/status"))) {
        copy.setVerbs(copy.getVerbs().stream().filter(v -> !v.equals("patch")).toList());
      }
      rules.add(copy);
    }
    assertThat(rules).isNotEqualTo(full.getRules());
    cluster
        .client()
        .rbac()
        .clusterRoles()
        .withName("lambda-efs-operator")
        .edit(
            r -> {
              r.setRules(rules);
              return r;
            });
    try (LogCapture logs = new LogCapture(ns);
        KubernetesClient client = operatorClient()) {
      OperatorRuntime operator =
          InProcessOperator.start(client, InProcessOperator.exampleWorld(), null);
      try {
        cluster.kubectl("apply", "-f", cluster.exampleIn(ns).toString()).succeeded();
        String line =
            await("a log line naming the missing permission")
                .atMost(InProcessOperator.TIMEOUT)
                .until(
                    () ->
                        logs.problems().stream()
                            .filter(l -> l.startsWith("ERROR io.lambdaefs"))
                            .findFirst(),
                    l -> l.isPresent())
                .orElseThrow();
        assertThat(line)
            .contains("LambdaEfsMount(" + ns + "/file-processor-data)")
            .contains("the Kubernetes API refused a call the operator makes")
            .contains("cannot patch resource \"lambdaefsmounts/status\"")
            .contains("deploy/02-rbac.yaml")
            .doesNotContain("\n");
        assertThat(get(ns).getStatus()).isNull();

        // Put the verb back: the operator's retries go through, and the resource can be deleted.
        cluster.kubectl("apply", "-f", "deploy/02-rbac.yaml").succeeded();
        awaitReady(ns);
        cluster.kubectl("delete", "-n", ns, "lem/file-processor-data", "--timeout=90s").succeeded();
      } finally {
        operator.close();
        cluster.kubectl("apply", "-f", "deploy/02-rbac.yaml").succeeded();
      }
    }
  }

  private static LambdaEfsMount get(String ns) {
    return InProcessOperator.get(cluster, ns, "file-processor-data");
  }

  private static LambdaEfsMount awaitReady(String ns) {
    return InProcessOperator.awaitCondition(cluster, ns, "file-processor-data", Conditions.READY);
  }

  private static Lease awaitLease(Predicate<Lease> holds) {
    return await("the Lease")
        .atMost(InProcessOperator.TIMEOUT)
        .until(
            () ->
                cluster
                    .client()
                    .leases()
                    .inNamespace(OPERATOR_NAMESPACE)
                    .withName(LeaderElection.LEASE_NAME)
                    .get(),
            l -> l != null && l.getSpec() != null && holds.test(l));
  }
}
