package io.lambdaefs.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.DesiredMount;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at every resource's AWS side every poll interval (jittered) and hands JOSDK the observation
 * without its volatile fields: JOSDK triggers a reconcile only when that differs from the last one,
 * so an in-sync resource costs one read round per interval and no reconcile, no write.
 */
final class DriftPoller
    implements PerResourcePollingEventSource.ResourceFetcher<
        DriftPoller.PolledState, LambdaEfsMount> {
  private static final Logger log = LoggerFactory.getLogger(DriftPoller.class);

  /** What the poller saw; equal states mean nothing changed. */
  record PolledState(Observation observation, String failure) {}

  private final AwsClientFactory aws;
  private final ObservationRound round;
  private final Duration interval;
  private final Map<String, PolledState> lastGood = new ConcurrentHashMap<>();

  DriftPoller(AwsClientFactory aws, ObservationRound round, Duration interval) {
    this.aws = aws;
    this.round = round;
    this.interval = interval;
  }

  @Override
  public Set<PolledState> fetchResources(LambdaEfsMount resource) {
    String key = resource.getMetadata().getUid();
    try {
      DesiredMount desired = DesiredMount.of(resource);
      Observation seen =
          round.observe(desired, aws.forRegion(desired.region()), Observer.Purpose.POLL);
      PolledState previous = lastGood.get(key);
      if (seen.hasTransientFailure() && previous != null) {
        // Throttled or 5xx: nothing is known to have changed, so no reconcile (that would read
        // again).
        return Set.of(previous);
      }
      PolledState state = new PolledState(seen.withoutVolatile(), null);
      lastGood.put(key, state);
      return Set.of(state);
    } catch (RuntimeException e) {
      // A polling fetcher must never throw: the failure is part of what was seen.
      log.warn("{}: drift poll failed: {}", LambdaEfsMountReconciler.ref(resource), e.toString());
      return Set.of(new PolledState(null, e.getClass().getSimpleName()));
    }
  }

  /** A deleted resource is no longer polled; drop what was kept for it. */
  void forget(LambdaEfsMount resource) {
    lastGood.remove(resource.getMetadata().getUid());
  }

  @Override
  public Optional<Duration> fetchDelay(Set<PolledState> lastFetched, LambdaEfsMount resource) {
    return Optional.of(Requeue.jitter(interval));
  }
}
