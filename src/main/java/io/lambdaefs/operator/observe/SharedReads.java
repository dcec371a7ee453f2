package io.lambdaefs.operator.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads many resources share: a file system with its mount targets and their security groups, and
 * subnets. Many LambdaEfsMounts on one file system would otherwise each pay four to six EFS calls
 * per observation, and EFS throttles. Kept for a short time; failures are never kept.
 */
final class SharedReads {
  private record Entry(Object value, Instant until) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  SharedReads(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  @SuppressWarnings("unchecked")
  <T> T get(String key, Supplier<T> read) {
    Instant now = clock.instant();
    Entry e = entries.get(key);
    if (e != null && now.isBefore(e.until())) {
      return (T) e.value();
    }
    T value = read.get(); // throws on failure: nothing is stored
    if (!ttl.isZero()) {
      entries.put(key, new Entry(value, now.plus(ttl)));
    }
    return value;
  }
}
