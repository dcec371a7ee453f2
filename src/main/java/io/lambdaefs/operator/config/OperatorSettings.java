package io.lambdaefs.operator.config;

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
 */
public record OperatorSettings(
    Set<String> namespaces,
    String labelSelector,
    Duration pollInterval,
    Duration slowRecheck,
    Tenancy tenancy) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(5);

  /** With the default tenancy: namespace tags required, no role to assume. */
  public OperatorSettings(
      Set<String> namespaces, String labelSelector, Duration pollInterval, Duration slowRecheck) {
    this(namespaces, labelSelector, pollInterval, slowRecheck, Tenancy.defaults());
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), null, DEFAULT_POLL_INTERVAL, Duration.ofMinutes(5));
  }

  public OperatorSettings withPollInterval(Duration interval) {
    return new OperatorSettings(namespaces, labelSelector, interval, slowRecheck, tenancy);
  }

  public OperatorSettings withTenancy(Tenancy t) {
    return new OperatorSettings(namespaces, labelSelector, pollInterval, slowRecheck, t);
  }
}
