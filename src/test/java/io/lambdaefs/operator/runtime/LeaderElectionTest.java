package io.lambdaefs.operator.runtime;

import static io.lambdaefs.operator.runtime.OperatorFixture.anyLoopbackPort;
import static io.lambdaefs.operator.runtime.OperatorFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.cli.EmbeddedKubernetes;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the operator against one API server and one AWS account, as the chart deploys
 * them.
 */
class LeaderElectionTest {
  private static final String NAMESPACE = "lambda-efs-operator";
  private static final Duration LEASE = Duration.ofSeconds(2);

  @Test
  void onlyTheLeaseHolderReconcilesAndAStandbyTakesOverWhenItStops() throws Exception {
    SimulatedAws sim = OperatorFixture.simulatedAws();
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes();
        KubernetesClient secondClient = kubernetes.newClient();
        OperatorRuntime first = replica(kubernetes.client(), sim, "operator-0").start();
        OperatorRuntime second = replica(secondClient, sim, "operator-1").start()) {
      KubernetesClient client = kubernetes.client();
      await().atMost(Duration.ofSeconds(10)).until(() -> first.isLeader() || second.isLeader());
      OperatorRuntime leader = first.isLeader() ? first : second;
      OperatorRuntime standby = leader == first ? second : first;
      String leaderName = leader == first ? "operator-0" : "operator-1";
      String standbyName = leader == first ? "operator-1" : "operator-0";

      assertThat(holder(client)).isEqualTo(leaderName);
      assertThat(standby.isLeader()).isFalse();
      // A standby is ready: readiness gates rollouts, not leadership.
      for (OperatorRuntime replica : List.of(leader, standby)) {
        assertThat(get(replica.httpPort().orElseThrow(), "/readyz").statusCode()).isEqualTo(200);
      }

      LambdaEfsMount applied = OperatorFixture.applyExample(client);
      await().atMost(Duration.ofSeconds(30)).until(() -> OperatorFixture.isReady(client, applied));
      assertThat(leader.metrics().awsCalls().totalCalls()).isPositive();
      assertThat(standby.metrics().awsCalls().totalCalls()).isZero();
      PrometheusText standbyMetrics =
          PrometheusText.parse(get(standby.httpPort().orElseThrow(), "/metrics").body());
      assertThat(standbyMetrics.sum("lambdaefs_leader")).isZero();
      assertThat(standbyMetrics.sum("lambdaefs_aws_calls_total")).isZero();

      leader.close();
      assertThat(holder(client))
          .as("the stopped leader releases its Lease")
          .isNotEqualTo(leaderName);
      await().atMost(LEASE.multipliedBy(2)).until(standby::isLeader);
      assertThat(holder(client)).isEqualTo(standbyName);
      // Events the standby received while waiting are processed once it leads.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> standby.metrics().awsCalls().calls("lambda", "GetFunction") > 0);
      assertThat(OperatorFixture.isReady(client, applied)).isTrue();
      assertThat(standby.leadershipLost()).isFalse();
      assertThat(leader.leadershipLost()).as("a released Lease is not a lost one").isFalse();
    }
  }

  private static OperatorRuntime replica(
      KubernetesClient client, SimulatedAws sim, String identity) {
    LeaderElection election =
        LeaderElection.of(NAMESPACE, identity)
            .withTimings(LEASE, Duration.ofMillis(1500), Duration.ofMillis(500));
    return new OperatorRuntime(
        client,
        new SimClientFactory(sim),
        OperatorSettings.defaults().withPollInterval(Duration.ofSeconds(30)),
        new RuntimeSettings(election, anyLoopbackPort()),
        Clock.systemUTC());
  }

  private static String holder(KubernetesClient client) {
    Lease lease = client.leases().inNamespace(NAMESPACE).withName(LeaderElection.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }
}
