package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Plan;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to look at a resource again. Never blocks a thread: waiting is a requeue. An in-sync or
 * stalled resource is not requeued at all: the drift poller triggers a reconcile when AWS changes,
 * and a spec change triggers one through the informer.
 */
final class Requeue {
  static final Duration AFTER_WRITE = Duration.ofSeconds(1);

  private Requeue() {}

  /**
   * @param slowRecheck when to retry after AWS refused a write for good (rarely, in case AWS was at
   *     fault)
   */
  static Optional<Duration> after(
      Plan plan, Outcome outcome, boolean applied, Duration slowRecheck) {
    if (outcome.failed()) {
      AwsError e = outcome.failure();
      return Optional.of(
          switch (e.kind()) {
            case STALE_REVISION -> Duration.ofMillis(200); // re-read the function and try again
            case CONFLICT -> jitter(Duration.ofSeconds(5));
            case THROTTLED -> spread(Duration.ofSeconds(2), Duration.ofSeconds(10));
            // its turn in the operator's own budget (RateBudget): come back then
            case PACED ->
                e.retryAfter() == null
                    ? spread(Duration.ofSeconds(1), Duration.ofSeconds(5))
                    : e.retryAfter();
            case RETRYABLE -> jitter(Duration.ofSeconds(10));
            case PROPAGATING -> jitter(Duration.ofSeconds(2)); // IAM propagates in seconds
            default -> slowRecheck;
          });
    }
    if (plan.blocked()) {
      return Optional.empty();
    }
    if (applied && outcome.wroteSomething()) {
      return Optional.of(
          plan.soonestRecheck().filter(d -> d.compareTo(AFTER_WRITE) < 0).orElse(AFTER_WRITE));
    }
    if (plan.waiting()) {
      Duration recheck = plan.soonestRecheck().orElse(Duration.ofSeconds(5));
      // A turn in the operator's own rate budget is a slot in a queue: come back then, not later.
      boolean turn = plan.problems().stream().anyMatch(p -> p.reason().equals(Plan.RATE_BUDGET));
      return Optional.of(turn ? recheck : jitter(recheck));
    }
    return Optional.empty();
  }

  /** Anywhere between min and max ("full jitter"), so throttled resources do not retry together. */
  static Duration spread(Duration min, Duration max) {
    return min.plusMillis(ThreadLocalRandom.current().nextLong(max.minus(min).toMillis() + 1));
  }

  /** Up to +20%, so that many resources created together do not poll AWS in lockstep. */
  static Duration jitter(Duration base) {
    long ms = base.toMillis();
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 5 + 1));
  }
}
