package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Reads many resources share: a file system with its mount targets and their security groups,
 * subnets, a file system's access points, IAM's answers about a role. Many LambdaEfsMounts on one
 * file system would otherwise each pay the same calls on every observation, and AWS's limits are
 * per account.
 *
 * <ul>
 *   <li>Kept for a while (the TTL, which may depend on what was read: an object in transition is
 *       read again soon); failures are never kept, so a failed read is never taken for "absent".
 *   <li>One read at a time per key: resources that ask together wait for one call and share it;
 *       while a value that merely expired is being read again, the others go on with it (it is at
 *       most one read older than its TTL), so that one slow read does not hold up every resource.
 *   <li>Read-your-writes: the operator's own writes either change the kept value ({@link #update},
 *       e.g. a created access point joins its file system's list) or drop it ({@link #invalidate}).
 *       A read under way when that happens may or may not have seen the write: an update is applied
 *       to its answer too, and after an invalidation its answer is not kept.
 * </ul>
 */
final class SharedReads {
  private record Entry(Object value, Instant until) {}

  private static final class Slot {
    final ReentrantLock reading = new ReentrantLock();
    volatile Entry entry;
    // Guarded by the slot's monitor: the writes made while a read is under way.
    List<UnaryOperator<Object>> changesDuringRead;
    boolean invalidatedDuringRead;
  }

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  SharedReads(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Whether anything is kept at all (a TTL of zero keeps nothing: plan, diagnose). */
  boolean keeps() {
    return !ttl.isZero();
  }

  Duration ttl() {
    return ttl;
  }

  <T> T get(String key, Supplier<T> read) {
    return get(key, value -> ttl, read);
  }

  /**
   * @param ttlOf how long a value read now stays good; capped at this cache's TTL, zero keeps
   *     nothing
   */
  @SuppressWarnings("unchecked")
  <T> T get(String key, Function<T, Duration> ttlOf, Supplier<T> read) {
    if (!keeps()) {
      return read.get();
    }
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    Entry e = slot.entry;
    if (e != null && (clock.instant().isBefore(e.until()) || slot.reading.isLocked())) {
      return (T) e.value(); // good, or expired and being read again by another resource
    }
    slot.reading.lock();
    try {
      e = slot.entry;
      Instant started = clock.instant();
      if (e != null && started.isBefore(e.until())) {
        return (T) e.value(); // read by another resource while this one waited
      }
      synchronized (slot) {
        slot.changesDuringRead = new ArrayList<>();
        slot.invalidatedDuringRead = false;
      }
      T value;
      try {
        // Many wait for this answer: its calls wait their turn rather than send this reconcile
        // away.
        value = RateBudget.blocking(read); // throws on failure: nothing is kept
      } catch (RuntimeException failed) {
        synchronized (slot) {
          slot.changesDuringRead = null;
        }
        throw failed;
      }
      Duration keep = ttlOf.apply(value);
      keep = keep.compareTo(ttl) > 0 ? ttl : keep;
      synchronized (slot) {
        List<UnaryOperator<Object>> changes = slot.changesDuringRead;
        slot.changesDuringRead = null;
        if (!changes.isEmpty()) {
          Object v = value;
          for (UnaryOperator<Object> c : changes) {
            v = c.apply(v);
          }
          value = (T) v;
          // what AWS says about those writes is to be read soon
          keep = keep.compareTo(OwnWrites.TRANSITION_TTL) > 0 ? OwnWrites.TRANSITION_TTL : keep;
        }
        if (!slot.invalidatedDuringRead && !keep.isZero() && !keep.isNegative()) {
          slot.entry = new Entry(value, started.plus(keep));
        }
      }
      return value;
    } finally {
      slot.reading.unlock();
    }
  }

  /** The kept value, if any and still good; nothing is read. */
  @SuppressWarnings("unchecked")
  <T> T peek(String key) {
    Slot slot = slots.get(key);
    Entry e = slot == null ? null : slot.entry;
    return e != null && clock.instant().isBefore(e.until()) ? (T) e.value() : null;
  }

  /** Forgets what is kept under the key, and whatever a read under way would keep. */
  void invalidate(String key) {
    Slot slot = slots.get(key);
    if (slot != null) {
      synchronized (slot) {
        slot.entry = null;
        slot.invalidatedDuringRead = true;
      }
    }
  }

  /** Forgets every key that starts with the prefix. */
  void invalidatePrefix(String prefix) {
    slots.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(this::invalidate);
  }

  /**
   * Applies the operator's own change to the kept value and to the answer of a read under way
   * (write-through), keeping the value no longer than {@code keepAtMost} from now. An expired value
   * stays expired (it is read again at the next chance) but shows the change to whoever is served
   * it meanwhile. The change must hold whether or not AWS's answer already shows the write.
   */
  @SuppressWarnings("unchecked")
  <T> void update(String key, UnaryOperator<T> change, Duration keepAtMost) {
    Slot slot = slots.get(key);
    if (slot == null) {
      return;
    }
    synchronized (slot) {
      if (slot.changesDuringRead != null) {
        slot.changesDuringRead.add(v -> change.apply((T) v));
      }
      Entry e = slot.entry;
      if (e == null) {
        return;
      }
      Instant cap = clock.instant().plus(keepAtMost);
      slot.entry =
          new Entry(change.apply((T) e.value()), e.until().isBefore(cap) ? e.until() : cap);
    }
  }

  /** The keys whose kept value matches, e.g. the access point lists that hold an id. */
  @SuppressWarnings("unchecked")
  <T> List<String> keysHolding(String prefix, String suffix, Predicate<T> test) {
    return slots.entrySet().stream()
        .filter(s -> s.getKey().startsWith(prefix) && s.getKey().endsWith(suffix))
        .filter(
            s -> {
              Entry e = s.getValue().entry;
              return e != null && test.test((T) e.value());
            })
        .map(Map.Entry::getKey)
        .toList();
  }
}
