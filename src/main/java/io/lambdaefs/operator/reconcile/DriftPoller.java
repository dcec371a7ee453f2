package io.lambdaefs.operator.reconcile;

import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;
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
  private final Planner planner;
  private final OperatorSettings settings;
  private final Map<String, PolledState> lastGood = new ConcurrentHashMap<>();

  DriftPoller(
      AwsClientFactory aws, ObservationRound round, Planner planner, OperatorSettings settings) {
    this.aws = aws;
    this.round = round;
    this.planner = planner;
    this.settings = settings;
  }

  @Override
  public Set<PolledState> fetchResources(LambdaEfsMount resource) {
    String key = resource.getMetadata().getUid();
    try {
      DesiredMount desired = DesiredMount.of(resource);
      if (planner.refusal(desired) != null) {
        // A role the namespace may not use is not assumed to look for drift either.
        return Set.of(new PolledState(null, "NotAuthorized"));
      }
      Observation seen =
          round.observe(
              desired,
              aws.clients(desired.awsTarget(settings.tenancy().externalId())),
              Observer.Purpose.POLL);
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
    return Optional.of(Requeue.jitter(settings.pollInterval()));
  }
}
