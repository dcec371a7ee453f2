package io.lambdaefs.operator.apiserver;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.runtime.LeaderElection;
import io.lambdaefs.operator.runtime.RuntimeSettings;
import io.lambdaefs.operator.status.Conditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The operator wired as {@code run} wires it (OperatorRuntime: the production JOSDK settings and
 * patch paths), in this JVM, against the real API server and a simulated AWS.
 */
final class InProcessOperator {
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private InProcessOperator() {}

  /** A simulated account seeded from examples/world.yaml. */
  static SimulatedAws exampleWorld() {
    try {
      return SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Watches all namespaces, as the chart's default; {@code election} null: no leader election. */
  static OperatorRuntime start(KubernetesClient client, SimulatedAws sim, LeaderElection election) {
    return new OperatorRuntime(
            client,
            new SimClientFactory(sim),
            new OperatorSettings(Set.of(), null, Duration.ofSeconds(5), Duration.ofSeconds(5)),
            new RuntimeSettings(election, null),
            Clock.systemUTC())
        .start();
  }

  static LambdaEfsMount get(Cluster cluster, String ns, String name) {
    return cluster.client().resources(LambdaEfsMount.class).inNamespace(ns).withName(name).get();
  }

  static LambdaEfsMount awaitUntil(
      Cluster cluster, String ns, String name, String what, Predicate<LambdaEfsMount> until) {
    return await(what + " of " + ns + "/" + name)
        .atMost(TIMEOUT)
        .until(() -> get(cluster, ns, name), m -> m != null && until.test(m));
  }

  /** Waits until the condition is True for the current generation. */
  static LambdaEfsMount awaitCondition(Cluster cluster, String ns, String name, String type) {
    return awaitUntil(
        cluster,
        ns,
        name,
        type,
        m ->
            m.getStatus() != null
                && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
                && Conditions.isTrue(m.getStatus().getConditions(), type));
  }
}
