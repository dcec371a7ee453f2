package io.lambdaefs.operator.config;

import io.lambdaefs.operator.aws.AwsRateLimits;
import java.time.Duration;
import java.util.Set;

/**
 * How one operator instance runs.
 *
 * @param namespaces watched namespaces; empty = all
 * @param labelSelector only resources matching it (shards a large fleet across installs); null =
 *     all
 * @param pollInterval how often an in-sync resource is looked at again for drift (jittered)
 * @param slowRecheck when a write AWS refused for good, or a cleanup that needs a human, is tried
 *     again
 * @param rateLimits the operator's own pace of AWS calls per API family, account and Region
 * @param rateWait how long one call may wait for its turn before the reconcile backs off instead
 * @param reconcileThreads how many resources are reconciled at once
 */
public record OperatorSettings(
    Set<String> namespaces,
    String labelSelector,
    Duration pollInterval,
    Duration slowRecheck,
    AwsRateLimits rateLimits,
    Duration rateWait,
    int reconcileThreads) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RATE_WAIT = Duration.ofSeconds(20);

  /** JOSDK's default: enough to keep every rate budget busy while calls take tens of ms. */
  public static final int DEFAULT_RECONCILE_THREADS = 50;

  public OperatorSettings {
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException(
          "reconcile threads must be at least 1, not " + reconcileThreads);
    }
  }

  /** The default pace of AWS calls and concurrency. */
  public OperatorSettings(
      Set<String> namespaces, String labelSelector, Duration pollInterval, Duration slowRecheck) {
    this(
        namespaces,
        labelSelector,
        pollInterval,
        slowRecheck,
        AwsRateLimits.defaults(),
        DEFAULT_RATE_WAIT,
        DEFAULT_RECONCILE_THREADS);
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), null, DEFAULT_POLL_INTERVAL, Duration.ofMinutes(5));
  }

  public OperatorSettings withPollInterval(Duration interval) {
    return new OperatorSettings(
        namespaces, labelSelector, interval, slowRecheck, rateLimits, rateWait, reconcileThreads);
  }

  public OperatorSettings withRateLimits(AwsRateLimits limits) {
    return new OperatorSettings(
        namespaces, labelSelector, pollInterval, slowRecheck, limits, rateWait, reconcileThreads);
  }

  public OperatorSettings withReconcileThreads(int threads) {
    return new OperatorSettings(
        namespaces, labelSelector, pollInterval, slowRecheck, rateLimits, rateWait, threads);
  }
}
