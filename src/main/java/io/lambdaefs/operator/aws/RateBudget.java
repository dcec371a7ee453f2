package io.lambdaefs.operator.aws;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The operator's own pace of AWS calls: one token bucket per {@link ApiFamily} and account/Region,
 * shared by every reconcile and drift poll, with the shape of AWS's own (a burst, then a refill
 * rate) and sized below it ({@link AwsRateLimits}), so that the operator waits for itself instead
 * of being throttled by AWS.
 *
 * <p>A call takes its token in arrival order (Bucket4j reserves it, then the caller parks until it
 * is due), as long as it is due within {@link #HORIZON}. A reconcile never holds its thread longer:
 * beyond the horizon its call is not sent ({@link Deferred}) and the reconcile is requeued for a
 * slot at the end of the family's queue of reconciles sent away (one token apart), so that they
 * come back in the order they were sent away and at the pace the budget serves them, and the
 * threads serve resources that need other families meanwhile (one congested family does not stall
 * the others). A reconcile that comes back in its slot (up to {@link #GRACE} late) may wait twice
 * the horizon, so a newcomer does not take its turn. The reconcile a call belongs to is the one
 * named by the logging context's {@code resource}, which every reconcile sets; other callers (drift
 * polls) and reads that many resources share ({@link #blocking}) just wait, up to {@code maxWait},
 * then fail ({@link Exhausted}).
 *
 * <p>The scope of a bucket is the account and Region AWS counts a limit in: the account of the role
 * a resource's clients assume (or the operator's own) and the client set's Region (the partition
 * for IAM, which is global per account).
 */
public final class RateBudget implements CallInterceptor {
  /** The longest a reconcile's call waits on its thread for a token. */
  public static final Duration HORIZON = Duration.ofSeconds(1);

  /**
   * How late a reconcile sent away may come back and still have its turn: it comes back through the
   * reconcile queue, behind whatever the threads are doing, and its calls of one family come in a
   * row once it runs.
   */
  public static final Duration GRACE = Duration.ofSeconds(3);

  /** The logging context key that names the reconcile a call belongs to. */
  static final String HOLDER = "resource";

  /** A call not sent: its reconcile comes back at {@link #retryAfter()}. */
  public static final class Deferred extends RuntimeException {
    private final transient Duration retryAfter;

    Deferred(String message, Duration retryAfter) {
      super(message, null, false, false);
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** A call refused by the operator's own budget after waiting {@code maxWait}: not sent. */
  public static final class Exhausted extends RuntimeException {
    Exhausted(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Family {
    final Bucket bucket;
    final long nanosPerToken;

    Family(Bucket bucket, long nanosPerToken) {
      this.bucket = bucket;
      this.nanosPerToken = nanosPerToken;
    }
  }

  private record Slot(String holder, String scope, ApiFamily family) {}

  private static final ThreadLocal<Boolean> BLOCKING = new ThreadLocal<>();

  private final AwsRateLimits limits;
  private final Duration maxWait;
  private final TimeMeter time;
  private final BlockingStrategy blocking;
  private final Map<String, Map<ApiFamily, Family>> byScope = new ConcurrentHashMap<>();
  private final Map<Slot, Long> slots = new ConcurrentHashMap<>();
  private final Map<ApiFamily, LongAdder> waited = new EnumMap<>(ApiFamily.class);
  private final Map<ApiFamily, LongAdder> deferred = new EnumMap<>(ApiFamily.class);

  public RateBudget(AwsRateLimits limits, Duration maxWait) {
    this(limits, maxWait, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
  }

  /** With another clock and way of waiting (tests). */
  public RateBudget(
      AwsRateLimits limits, Duration maxWait, TimeMeter time, BlockingStrategy blocking) {
    this.limits = limits;
    this.maxWait = maxWait;
    this.time = time;
    this.blocking = blocking;
    for (ApiFamily f : ApiFamily.values()) {
      waited.put(f, new LongAdder());
      deferred.put(f, new LongAdder());
    }
  }

  /**
   * Runs a read whose answer many resources share: its calls wait for their turn rather than send
   * the reconcile away, since the others wait for that same answer.
   */
  public static <T> T blocking(Supplier<T> read) {
    Boolean before = BLOCKING.get();
    BLOCKING.set(Boolean.TRUE);
    try {
      return read.get();
    } finally {
      if (before == null) {
        BLOCKING.remove();
      }
    }
  }

  public AwsRateLimits limits() {
    return limits;
  }

  @Override
  public void before(ApiCall call) {
    ApiFamily family = call.family();
    String scope = scope(call, family);
    Family f = family(scope, family);
    String holder = BLOCKING.get() == null ? MDC.get(HOLDER) : null;
    Slot key = holder == null ? null : new Slot(holder, scope, family);
    if (f.bucket.tryConsume(1)) {
      return; // a token was there
    }
    long now = time.currentTimeNanos();
    long longest = maxWait.toNanos();
    boolean itsTurn = false;
    if (key != null) {
      // Back in its slot (a reconcile's calls of one family come in a row: a few seconds' grace).
      Long slot = slots.get(key);
      itsTurn = slot != null && slot <= now + HORIZON.toNanos() && now <= slot + GRACE.toNanos();
      longest = HORIZON.toNanos() * (itsTurn ? 2 : 1);
    }
    long[] wait = {-1};
    boolean reserved;
    try {
      // Reserves the token if it is due in time and tells when, without parking (yet).
      reserved = f.bucket.asBlocking().tryConsume(1, longest, nanos -> wait[0] = nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Exhausted("interrupted while waiting for the rate budget of " + call.operation());
    }
    if (reserved) {
      park(Math.max(0, wait[0]), call);
      waited.get(family).increment();
      return;
    }
    if (key == null) {
      throw new Exhausted(
          call.operation()
              + " would wait more than "
              + maxWait.toSeconds()
              + " s for the operator's own budget of "
              + AwsRateLimits.name(family)
              + " calls ("
              + limits.of(family)
              + ")");
    }
    // The tokens already promised to calls parked on their threads come first.
    long backlog =
        Math.max(HORIZON.toNanos(), f.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    long slot;
    if (itsTurn) {
      // It waited its turn already: first in line again, behind only those whose turn comes as
      // soon (not all at the same instant, or they would miss it together again).
      long ahead = waiting(scope, family, now, now + backlog);
      slot = now + backlog + ahead * f.nanosPerToken;
    } else {
      // Behind the reconciles of this family still waiting for their slot, one token apart: the
      // queue is what is waiting now, so slots left unused (a plan changed) do not push it back.
      slot = now + backlog + waiting(scope, family, now, Long.MAX_VALUE) * f.nanosPerToken;
    }
    if (slots.size() > 10_000) {
      slots.values().removeIf(s -> s < now - GRACE.toNanos());
    }
    slots.put(key, slot);
    deferred.get(family).increment();
    throw new Deferred(
        call.operation()
            + " waits for its turn in the operator's own budget of "
            + AwsRateLimits.name(family)
            + " calls ("
            + limits.of(family)
            + ", shared by all resources)",
        Duration.ofNanos(slot - now));
  }

  /** How many reconciles of the family in this scope have their slot in (from, to]. */
  private long waiting(String scope, ApiFamily family, long from, long to) {
    return slots.entrySet().stream()
        .filter(e -> e.getKey().family() == family && e.getKey().scope().equals(scope))
        .filter(e -> e.getValue() > from && e.getValue() <= to)
        .count();
  }

  /** How many calls of the family waited on their thread for a token so far. */
  public long callsThatWaited(ApiFamily family) {
    return waited.get(family).sum();
  }

  /** How many times a reconcile was sent away to come back for its turn in the family. */
  public long deferrals(ApiFamily family) {
    return deferred.get(family).sum();
  }

  private void park(long nanos, ApiCall call) {
    if (nanos == 0) {
      return;
    }
    try {
      blocking.park(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Exhausted("interrupted while waiting for the rate budget of " + call.operation());
    }
  }

  /** The account and Region (the partition for IAM) a call counts against. */
  static String scope(ApiCall call, ApiFamily family) {
    String account = call.account() == null ? "own" : call.account();
    return account
        + "/"
        + (family == ApiFamily.IAM
            ? Partition.ofRegion(call.region()).id()
            : String.valueOf(call.region()));
  }

  private Family family(String scope, ApiFamily family) {
    return byScope
        .computeIfAbsent(scope, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(family, this::newFamily);
  }

  private Family newFamily(ApiFamily family) {
    AwsRateLimits.Rate rate = limits.of(family);
    // 13.5/s is 13,500 tokens per 1,000 s, refilled greedily (a token as soon as it is due).
    long perThousandSeconds = Math.max(1, Math.round(rate.perSecond() * 1000));
    Bucket bucket =
        Bucket.builder()
            .addLimit(
                l ->
                    l.capacity(rate.burst())
                        .refillGreedy(perThousandSeconds, Duration.ofSeconds(1000))
                        .initialTokens(rate.burst()))
            .withCustomTimePrecision(time)
            .build();
    return new Family(bucket, (long) (1e9 / rate.perSecond()));
  }
}
