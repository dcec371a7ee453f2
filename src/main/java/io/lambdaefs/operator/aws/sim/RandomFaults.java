package io.lambdaefs.operator.aws.sim;

import java.time.Duration;

/**
 * Faults drawn at random for every call, as AWS has them on a bad day: each call is throttled,
 * fails with a 5xx before it runs, or is delayed, with these probabilities; a write that ran loses
 * its response with {@code lostResponse}. Drawn from one generator seeded with {@code seed}.
 */
public record RandomFaults(
    long seed,
    double throttle,
    double serverError,
    double lostResponse,
    double delayed,
    Duration maxLatency) {

  public RandomFaults {
    for (double p : new double[] {throttle, serverError, lostResponse, delayed}) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("a probability is between 0 and 1: " + p);
      }
    }
    if (throttle + serverError > 1) {
      throw new IllegalArgumentException("throttle + serverError must not pass 1");
    }
  }

  /** The kinds of fault counted by {@link Faults#injected()}. */
  public enum Kind {
    THROTTLED,
    SERVER_ERROR,
    LOST_RESPONSE,
    DELAYED,
    RATE_LIMITED
  }
}
