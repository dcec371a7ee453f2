package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Plan;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** When to look at a resource again. Never blocks a thread: waiting is a requeue. */
final class Requeue {
  static final Duration AFTER_WRITE = Duration.ofSeconds(1);

  private Requeue() {}

  static Duration after(Plan plan, Outcome outcome, boolean applied, Duration pollInterval, Duration slowRecheck) {
    if (outcome.failed()) {
      AwsError e = outcome.failure();
      return switch (e.kind()) {
        case STALE_REVISION -> Duration.ofMillis(200); // re-read the function and try again
        case CONFLICT -> jitter(Duration.ofSeconds(5));
        case THROTTLED -> jitter(Duration.ofSeconds(20));
        case RETRYABLE -> jitter(Duration.ofSeconds(10));
        default -> slowRecheck;
      };
    }
    if (plan.blocked()) {
      return slowRecheck;
    }
    if (applied && outcome.wroteSomething()) {
      return plan.soonestRecheck().filter(d -> d.compareTo(AFTER_WRITE) < 0).orElse(AFTER_WRITE);
    }
    if (plan.waiting()) {
      return jitter(plan.soonestRecheck().orElse(Duration.ofSeconds(5)));
    }
    return jitter(pollInterval);
  }

  /** Up to +20%, so that many resources created together do not poll AWS in lockstep. */
  static Duration jitter(Duration base) {
    long ms = base.toMillis();
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(ms / 5 + 1));
  }
}
