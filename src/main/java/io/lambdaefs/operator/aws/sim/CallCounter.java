package io.lambdaefs.operator.aws.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts calls per operation, keyed "Service:Operation" (e.g. "Lambda:GetFunction"). Every
 * attempted call is counted, including calls that fail or are throttled. Console and Inspect are
 * not counted.
 */
public final class CallCounter {
  private static final String[] WRITE_PREFIXES = {
    "Create", "Delete", "Update", "Put", "Authorize", "Revoke", "Tag", "Untag"
  };

  private final Map<String, Integer> counts = new TreeMap<>();

  synchronized void record(String operation) {
    counts.merge(operation, 1, Integer::sum);
  }

  public synchronized int count(String operation) {
    return counts.getOrDefault(operation, 0);
  }

  /**
   * Calls whose operation name starts with Create, Delete, Update, Put, Authorize, Revoke, Tag or
   * Untag.
   */
  public synchronized int writes() {
    int n = 0;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (isWrite(e.getKey())) {
        n += e.getValue();
      }
    }
    return n;
  }

  public synchronized int reads() {
    return total() - writes();
  }

  public synchronized int total() {
    int n = 0;
    for (int c : counts.values()) {
      n += c;
    }
    return n;
  }

  /** A sorted copy of all counts. */
  public synchronized Map<String, Integer> snapshot() {
    return new TreeMap<>(counts);
  }

  public synchronized void reset() {
    counts.clear();
  }

  /** Whether the operation ("Service:Operation") changes something. */
  public static boolean isWrite(String key) {
    String op = key.substring(key.indexOf(':') + 1);
    for (String p : WRITE_PREFIXES) {
      if (op.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized String toString() {
    return counts.toString();
  }
}
