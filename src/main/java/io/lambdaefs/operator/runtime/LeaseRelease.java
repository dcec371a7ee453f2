package io.lambdaefs.operator.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives up the Lease on a clean stop, as client-go's ReleaseOnCancel does: no holder, a one-second
 * duration. JOSDK 5.2.3 never releases it, so without this a standby would wait for the full lease
 * duration after every rollout. Uses only get and update, the verbs the chart's Role grants.
 */
public final class LeaseRelease {
  private static final Logger log = LoggerFactory.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final LeaderElection election;

  public LeaseRelease(KubernetesClient client, LeaderElection election) {
    this.client = client;
    this.election = election;
  }

  /**
   * @return true when this replica held the Lease and released it
   */
  public boolean release() {
    try {
      Lease lease =
          client
              .leases()
              .inNamespace(election.leaseNamespace())
              .withName(election.leaseName())
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity("");
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      // The resourceVersion read above makes this a compare-and-swap: a 409 means someone else
      // holds it now.
      client.resource(lease).update();
      log.info(
          "{} released Lease {}/{}",
          election.identity(),
          election.leaseNamespace(),
          election.leaseName());
      return true;
    } catch (KubernetesClientException e) {
      log.warn(
          "{} could not release Lease {}/{} ({}); a standby takes over when it expires after {}",
          election.identity(),
          election.leaseNamespace(),
          election.leaseName(),
          e.getCode(),
          election.leaseDuration());
      return false;
    }
  }
}
