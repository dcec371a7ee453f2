package io.lambdaefs.operator.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Who may reconcile: the holder of a coordination.k8s.io Lease. Standby replicas keep their
 * informers warm and take over when the Lease expires or is released.
 *
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease (the operator's own; RBAC allows nothing else)
 * @param identity this replica's name in the Lease's holderIdentity (the pod name)
 * @param leaseDuration how long a standby waits after the last renewal before taking over
 * @param renewDeadline how long the leader keeps retrying a renewal before it gives up leading
 * @param retryPeriod how often the leader renews and a standby tries to acquire
 */
public record LeaderElection(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  public static final String LEASE_NAME = "lambda-efs-operator";

  public LeaderElection {
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    Objects.requireNonNull(identity, "identity");
    if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "leader election needs retryPeriod < renewDeadline < leaseDuration, got "
              + retryPeriod
              + " / "
              + renewDeadline
              + " / "
              + leaseDuration);
    }
  }

  /** The Kubernetes controller defaults: 15 s lease, 10 s renew deadline, 2 s retry. */
  public static LeaderElection of(String leaseNamespace, String identity) {
    return new LeaderElection(
        LEASE_NAME,
        leaseNamespace,
        identity,
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  public LeaderElection withTimings(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElection(
        leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }
}
