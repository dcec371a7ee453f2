package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.ship.ArgoCdHealthCheckTest;
import io.lambdaefs.operator.ship.KstatusConditionsTest;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What Flux (kstatus) and Argo CD (deploy/argocd/health.lua) conclude about LambdaEfsMounts the
 * operator reports on a real API server, computed with their own libraries (src/test/go
 * /health-check), and the same verdicts as the JVM tests' kstatus rules and LuaJ run.
 */
@ExtendWith(RealApiServer.class)
class GitOpsHealthOnApiServerTest {
  private static final String NS = "gitops-health";
  private static final String MOUNT = "file-processor-data";
  private static final String BROKEN = "no-such-function-data";

  @Test
  void currentWhenReadyInProgressWhileReconcilingOrNotObservedFailedWhenStalled(Cluster cluster)
      throws Exception {
    cluster.applyCrd();
    cluster.namespace(NS);
    SimulatedAws sim = InProcessOperator.exampleWorld();
    OperatorRuntime operator = InProcessOperator.start(cluster.newClient(), sim, null);
    try {
      cluster.kubectl("apply", "-f", cluster.exampleIn(NS).toString()).succeeded();
      LambdaEfsMount broken =
          cluster
              .client()
              .resources(LambdaEfsMount.class)
              .load(cluster.exampleIn(NS).toFile())
              .item();
      broken.getMetadata().setName(BROKEN);
      broken.getSpec().setFunctionName("no-such-function");
      cluster.client().resource(broken).create();
      InProcessOperator.awaitCondition(cluster, NS, MOUNT, Conditions.READY);
      InProcessOperator.awaitCondition(cluster, NS, BROKEN, Conditions.STALLED);

      assertJudged(cluster, MOUNT, "Current", "Healthy");
      assertJudged(cluster, BROKEN, "Failed", "Degraded");

      // Lambda takes its time with the next update: the operator reports Reconciling meanwhile.
      sim.settings().lambdaUpdateDelay(Duration.ofSeconds(30));
      cluster
          .kubectl(
              "patch",
              "-n",
              NS,
              "lem/" + MOUNT,
              "--type=merge",
              "-p",
              "{\"spec\":{\"mountPath\":\"/mnt/other\"}}")
          .succeeded();
      InProcessOperator.awaitCondition(cluster, NS, MOUNT, Conditions.RECONCILING);
      assertJudged(cluster, MOUNT, "InProgress", "Progressing");
    } finally {
      operator.close();
    }

    // A spec change nobody has observed yet: observedGeneration is behind.
    cluster
        .kubectl(
            "patch",
            "-n",
            NS,
            "lem/" + MOUNT,
            "--type=merge",
            "-p",
            "{\"spec\":{\"readOnly\":true}}")
        .succeeded();
    assertJudged(cluster, MOUNT, "InProgress", "Progressing");

    sim.settings().lambdaUpdateDelay(Duration.ofSeconds(1));
    OperatorRuntime cleanup = InProcessOperator.start(cluster.newClient(), sim, null);
    try {
      cluster
          .kubectl("delete", "-n", NS, "lem/" + MOUNT, "lem/" + BROKEN, "--timeout=120s")
          .succeeded();
    } finally {
      cleanup.close();
    }
  }

  private static void assertJudged(Cluster cluster, String name, String kstatus, String argocd)
      throws Exception {
    JsonNode object =
        new ObjectMapper()
            .readTree(
                cluster.kubectl("get", "-n", NS, "lem/" + name, "-o", "json").succeeded().out());
    GitOpsHealth.Health health = GitOpsHealth.judge(List.of(object)).get(0);
    assertThat(health.name()).isEqualTo(name);
    assertThat(health.kstatus())
        .as("kstatus of %s: %s", name, health.kstatusMessage())
        .isEqualTo(kstatus);
    assertThat(health.argocd())
        .as("Argo CD health of %s: %s", name, health.argocdMessage())
        .isEqualTo(argocd);
    // The JVM tests' rendering of both tools says the same about the same object.
    assertThat(KstatusConditionsTest.kstatus(object)).isEqualTo(kstatus);
    assertThat(ArgoCdHealthCheckTest.evaluate(object))
        .isEqualTo(new ArgoCdHealthCheckTest.Health(health.argocd(), health.argocdMessage()));
  }
}
