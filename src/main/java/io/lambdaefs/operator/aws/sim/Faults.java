package io.lambdaefs.operator.aws.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Fault injection. Operations are named like the call counter keys ("EFS:CreateAccessPoint").
 * Injected faults of one operation fire in the order they were added.
 */
public final class Faults {
  private final Map<String, Deque<Supplier<? extends RuntimeException>>> failures = new HashMap<>();
  private final Map<String, Integer> lostResponses = new HashMap<>();
  private final Map<String, Duration> latencies = new HashMap<>();
  private final RateLimits rateLimits = new RateLimits();
  private boolean rateLimitsEnabled;
  private Duration everyCallLatency = Duration.ZERO;
  private int rateLimited;

  Faults() {}

  /**
   * The next {@code times} calls of the operation throw the supplied error instead of executing.
   */
  public synchronized void failNext(
      String operation, int times, Supplier<? extends RuntimeException> error) {
    Service.ofOperation(operation);
    Objects.requireNonNull(error, "error");
    Deque<Supplier<? extends RuntimeException>> q =
        failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(error);
    }
  }

  /**
   * The next {@code times} calls execute (a write IS applied) and then throw a 500 of that service.
   */
  public synchronized void loseResponseNext(String operation, int times) {
    Service.ofOperation(operation);
    lostResponses.merge(operation, times, Integer::sum);
  }

  /** The next {@code times} calls throw the service's throttling error without executing. */
  public void throttle(String operation, int times) {
    Service service = Service.ofOperation(operation);
    failNext(operation, times, () -> service.throttling(operation));
  }

  /**
   * Adds latency (a sleep outside the account lock) to every call of the operation; zero removes
   * it.
   */
  public synchronized void latency(String operation, Duration latency) {
    Service.ofOperation(operation);
    if (latency.isZero()) {
      latencies.remove(operation);
    } else {
      latencies.put(operation, latency);
    }
  }

  /**
   * Adds latency to every call of every operation (a round trip to AWS); an operation's own
   * latency, when set, is used instead. Zero removes it.
   */
  public synchronized void latencyOfEveryCall(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    everyCallLatency = latency;
  }

  /** How many calls AWS's rate limits refused (throttled) since the last clear. */
  public synchronized int rateLimited() {
    return rateLimited;
  }

  /** Enables AWS's rate limits (docs/world-file.md; buckets start full). Disabled by default. */
  public synchronized void setRateLimits(boolean enabled) {
    if (enabled && !rateLimitsEnabled) {
      rateLimits.reset();
    }
    rateLimitsEnabled = enabled;
  }

  /** Removes every injected fault and disables rate limits. */
  public synchronized void clear() {
    failures.clear();
    lostResponses.clear();
    latencies.clear();
    everyCallLatency = Duration.ZERO;
    rateLimited = 0;
    rateLimitsEnabled = false;
    rateLimits.reset();
  }

  synchronized Duration latencyOf(String operation) {
    return latencies.getOrDefault(operation, everyCallLatency);
  }

  /**
   * The error to throw before executing the call, or null to execute it.
   *
   * @param cell the account and Region of the call (rate limits are per account and Region)
   */
  synchronized RuntimeException before(String cell, String operation, Instant now) {
    Deque<Supplier<? extends RuntimeException>> q = failures.get(operation);
    if (q != null && !q.isEmpty()) {
      Supplier<? extends RuntimeException> s = q.poll();
      return s.get();
    }
    if (rateLimitsEnabled && !rateLimits.tryAcquire(cell, operation, now)) {
      rateLimited++;
      return Service.ofOperation(operation).throttling(operation);
    }
    return null;
  }

  /** True if the response of this (executed) call is to be lost. */
  synchronized boolean takeLostResponse(String operation) {
    Integer n = lostResponses.get(operation);
    if (n == null || n <= 0) {
      return false;
    }
    if (n == 1) {
      lostResponses.remove(operation);
    } else {
      lostResponses.put(operation, n - 1);
    }
    return true;
  }
}
