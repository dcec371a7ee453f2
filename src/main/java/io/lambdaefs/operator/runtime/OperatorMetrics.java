package io.lambdaefs.operator.runtime;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's own series, next to JOSDK's controller metrics and the JVM's in one registry:
 *
 * <ul>
 *   <li>{@code lambdaefs_resources{ready="true|false"}}: LambdaEfsMount resources in the informer
 *       cache by their Ready condition (every replica reports it; a standby's cache is warm too);
 *   <li>{@code lambdaefs_leader}: 1 on the replica that holds the Lease (or runs without election);
 *   <li>{@code lambdaefs_drift_detected_total}, {@code lambdaefs_drift_corrected_total}: counted by
 *       the reconciler through {@link #driftDetected()} and {@link #driftCorrected()};
 *   <li>{@code lambdaefs_aws_calls_total}, {@code lambdaefs_aws_throttled_total}: {@link
 *       AwsCallMetrics}.
 * </ul>
 *
 * A reconciler unit test can use {@code new OperatorMetrics(new SimpleMeterRegistry())}.
 */
public final class OperatorMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final AwsCallMetrics awsCalls;
  private final Counter driftDetected;
  private final Counter driftCorrected;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.awsCalls = new AwsCallMetrics(registry);
    this.driftDetected =
        Counter.builder("lambdaefs.drift.detected")
            .description("Out-of-band differences between AWS and a spec, counted once per finding")
            .register(registry);
    this.driftCorrected =
        Counter.builder("lambdaefs.drift.corrected")
            .description("Drift findings the operator wrote back to the spec's state")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    gc.bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public AwsCallMetrics awsCalls() {
    return awsCalls;
  }

  /**
   * Call once for each drift finding a reconcile reports (a field of AWS differs from the spec).
   */
  public void driftDetected() {
    driftDetected.increment();
  }

  /**
   * Call once for each drift finding the executor wrote back (driftPolicy Correct, actions
   * succeeded).
   */
  public void driftCorrected() {
    driftCorrected.increment();
  }

  /**
   * Publishes {@code lambdaefs_resources{ready}}, computed from {@code resources} at every scrape.
   */
  public void trackResources(Supplier<Stream<LambdaEfsMount>> resources) {
    for (boolean ready : List.of(true, false)) {
      Gauge.builder(
              "lambdaefs.resources", () -> resources.get().filter(r -> isReady(r) == ready).count())
          .description("LambdaEfsMount resources by their Ready condition")
          .tag("ready", Boolean.toString(ready))
          .register(registry);
    }
  }

  /** Publishes {@code lambdaefs_leader}: 1 while {@code leading} says so. */
  public void trackLeadership(BooleanSupplier leading) {
    Gauge.builder("lambdaefs.leader", () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 on the replica that reconciles (holds the Lease), 0 on a standby")
        .register(registry);
  }

  private static boolean isReady(LambdaEfsMount r) {
    return r.getStatus() != null
        && r.getStatus().getConditions() != null
        && Conditions.isTrue(r.getStatus().getConditions(), Conditions.READY);
  }

  @Override
  public void close() {
    gc.close();
  }
}
