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
 * @param tenancy who may use which function, file system and role
 * @param rateLimits the operator's own pace of AWS calls per API family, account and Region
 * @param rateWait how long a call that many resources wait for (a drift poll's, a shared read's)
 *     may wait for its turn before it fails
 * @param reconcileThreads how many resources are reconciled at once
 */
public record OperatorSettings(
    Set<String> namespaces,
    String labelSelector,
    Duration pollInterval,
    Duration slowRecheck,
    Tenancy tenancy,
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

  /** With the default pace of AWS calls and concurrency. */
  public OperatorSettings(
      Set<String> namespaces,
      String labelSelector,
      Duration pollInterval,
      Duration slowRecheck,
      Tenancy tenancy) {
    this(
        namespaces,
        labelSelector,
        pollInterval,
        slowRecheck,
        tenancy,
        AwsRateLimits.defaults(),
        DEFAULT_RATE_WAIT,
        DEFAULT_RECONCILE_THREADS);
  }

  /** With the default tenancy (namespace tags required, no role to assume) and pace. */
  public OperatorSettings(
      Set<String> namespaces, String labelSelector, Duration pollInterval, Duration slowRecheck) {
    this(namespaces, labelSelector, pollInterval, slowRecheck, Tenancy.defaults());
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), null, DEFAULT_POLL_INTERVAL, Duration.ofMinutes(5));
  }

  public OperatorSettings withPollInterval(Duration interval) {
    return new OperatorSettings(
        namespaces,
        labelSelector,
        interval,
        slowRecheck,
        tenancy,
        rateLimits,
        rateWait,
        reconcileThreads);
  }

  public OperatorSettings withTenancy(Tenancy t) {
    return new OperatorSettings(
        namespaces,
        labelSelector,
        pollInterval,
        slowRecheck,
        t,
        rateLimits,
        rateWait,
        reconcileThreads);
  }

  public OperatorSettings withRateLimits(AwsRateLimits limits) {
    return new OperatorSettings(
        namespaces,
        labelSelector,
        pollInterval,
        slowRecheck,
        tenancy,
        limits,
        rateWait,
        reconcileThreads);
  }

  public OperatorSettings withReconcileThreads(int threads) {
    return new OperatorSettings(
        namespaces,
        labelSelector,
        pollInterval,
        slowRecheck,
        tenancy,
        rateLimits,
        rateWait,
        threads);
  }
}
