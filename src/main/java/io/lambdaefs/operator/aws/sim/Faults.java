package io.lambdaefs.operator.aws.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
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
  private volatile CallWatcher watcher;
  private RandomFaults random;
  private Random draws;
  private final Map<RandomFaults.Kind, Integer> injected = new EnumMap<>(RandomFaults.Kind.class);

  /** Sees every call of the account; for tests and the chaos run. */
  public interface CallWatcher {
    /** A call starts (before its latency and faults). */
    default void started(String operation) {}

    /**
     * A call was executed and changed what it changes; true loses its response (the service answers
     * 500, the change stays).
     */
    default boolean applied(String operation) {
      return false;
    }
  }

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
    return injected.getOrDefault(RandomFaults.Kind.RATE_LIMITED, 0);
  }

  /** Enables AWS's rate limits (docs/world-file.md; buckets start full). Disabled by default. */
  public synchronized void setRateLimits(boolean enabled) {
    if (enabled && !rateLimitsEnabled) {
      rateLimits.reset();
    }
    rateLimitsEnabled = enabled;
  }

  /** Removes the injected failures, lost responses and latency of one operation. */
  public synchronized void clear(String operation) {
    Service.ofOperation(operation);
    failures.remove(operation);
    lostResponses.remove(operation);
    latencies.remove(operation);
  }

  /** Draws faults at random for every call from now on (null: no more). */
  public synchronized void random(RandomFaults faults) {
    random = faults;
    draws = faults == null ? null : new Random(faults.seed());
  }

  /** How many faults of each kind were drawn at random, and calls refused by the rate limits. */
  public synchronized Map<RandomFaults.Kind, Integer> injected() {
    return new EnumMap<>(injected);
  }

  /** Puts a watcher on every call (null: none). */
  public void watch(CallWatcher watcher) {
    this.watcher = watcher;
  }

  private void count(RandomFaults.Kind kind) {
    injected.merge(kind, 1, Integer::sum);
  }

  /** Removes every injected fault and disables rate limits. */
  public synchronized void clear() {
    random(null);
    failures.clear();
    lostResponses.clear();
    latencies.clear();
    everyCallLatency = Duration.ZERO;
    injected.remove(RandomFaults.Kind.RATE_LIMITED);
    rateLimitsEnabled = false;
    rateLimits.reset();
  }

  /** Called as each call starts: tells the watcher, and returns the latency to add. */
  Duration latencyOf(String operation) {
    CallWatcher w = watcher;
    if (w != null) {
      w.started(operation);
    }
    synchronized (this) {
      Duration scripted = latencies.getOrDefault(operation, everyCallLatency);
      if (random != null && draws.nextDouble() < random.delayed()) {
        count(RandomFaults.Kind.DELAYED);
        return scripted.plusMillis((long) (draws.nextDouble() * random.maxLatency().toMillis()));
      }
      return scripted;
    }
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
    if (random != null) {
      double d = draws.nextDouble();
      if (d < random.throttle()) {
        count(RandomFaults.Kind.THROTTLED);
        return Service.ofOperation(operation).throttling(operation);
      }
      if (d < random.throttle() + random.serverError()) {
        count(RandomFaults.Kind.SERVER_ERROR);
        return Service.ofOperation(operation).internalError();
      }
    }
    if (rateLimitsEnabled && !rateLimits.tryAcquire(cell, operation, now)) {
      count(RandomFaults.Kind.RATE_LIMITED);
      return Service.ofOperation(operation).throttling(operation);
    }
    return null;
  }

  /** True if the response of this (executed) call is to be lost. */
  boolean takeLostResponse(String operation) {
    CallWatcher w = watcher;
    boolean lostByWatcher = w != null && w.applied(operation);
    return takeInjectedLostResponse(operation) || lostByWatcher;
  }

  private synchronized boolean takeInjectedLostResponse(String operation) {
    Integer n = lostResponses.get(operation);
    if (n == null || n <= 0) {
      if (random != null
          && CallCounter.isWrite(operation)
          && draws.nextDouble() < random.lostResponse()) {
        count(RandomFaults.Kind.LOST_RESPONSE);
        return true;
      }
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
