package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.RateBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The rules of the security groups that resources share, read for many groups at once: one
 * DescribeSecurityGroupRules with a group-id filter serves every group a resource asks about and
 * every other group recently asked about whose rules are due, so that a fleet whose functions share
 * a few groups pays one call per TTL, not one per resource. Kept per group; failures are never
 * kept; the operator's own rule writes invalidate the group ({@link #invalidate}) and a read that
 * started before such a write is not kept.
 */
final class SharedGroupRules {
  /** EC2 takes at most 200 values in one filter. */
  static final int MAX_GROUPS_PER_CALL = 200;

  private record Entry(List<SgRuleView> rules, Instant until) {}

  private static final class Group {
    long generation;
    Entry entry;
    Instant lastAsked;
  }

  /** The groups of one Region; the monitor guards the map, the lock lets one read at a time. */
  private static final class Region {
    final Map<String, Group> groups = new LinkedHashMap<>();
    final ReentrantLock reading = new ReentrantLock();
  }

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Region> byRegion = new ConcurrentHashMap<>();

  SharedGroupRules(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * The rules of the groups, in the order of the groups. While another resource reads, rules that
   * merely expired are answered as they are (at most one read older than the TTL).
   *
   * @param read one DescribeSecurityGroupRules (paged) for the groups given
   */
  List<SgRuleView> rules(
      String regionName, Set<String> groupIds, Function<List<String>, List<SgRuleView>> read) {
    if (ttl.isZero()) {
      return read.apply(List.copyOf(groupIds));
    }
    Region region = byRegion.computeIfAbsent(regionName, r -> new Region());
    List<SgRuleView> known = known(region, groupIds, !region.reading.isLocked());
    if (known != null) {
      return known;
    }
    region.reading.lock();
    try {
      known = known(region, groupIds, true);
      if (known != null) {
        return known;
      }
      Instant now = clock.instant();
      List<String> due = due(region, groupIds, now);
      Map<String, List<SgRuleView>> found = new LinkedHashMap<>();
      for (int i = 0; i < due.size(); i += MAX_GROUPS_PER_CALL) {
        List<String> chunk =
            List.copyOf(due.subList(i, Math.min(due.size(), i + MAX_GROUPS_PER_CALL)));
        if (i > 0 && chunk.stream().noneMatch(groupIds::contains)) {
          break; // the groups asked about are read; the others wait for their own turn
        }
        Map<String, Long> generations = new LinkedHashMap<>();
        synchronized (region) {
          chunk.forEach(id -> generations.put(id, region.groups.get(id).generation));
        }
        Instant started = clock.instant();
        // Many wait for these rules: the calls wait their turn (RateBudget.blocking).
        List<SgRuleView> rules = RateBudget.blocking(() -> read.apply(chunk)); // throws: none kept
        Map<String, List<SgRuleView>> byGroup = new LinkedHashMap<>();
        chunk.forEach(id -> byGroup.put(id, new ArrayList<>()));
        for (SgRuleView r : rules) {
          byGroup.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(r);
        }
        synchronized (region) {
          for (String id : chunk) {
            List<SgRuleView> of = List.copyOf(byGroup.get(id));
            Group g = region.groups.get(id);
            if (g.generation == generations.get(id)) {
              g.entry = new Entry(of, started.plus(ttl));
            }
            found.put(id, of);
          }
        }
      }
      synchronized (region) {
        List<SgRuleView> result = new ArrayList<>();
        for (String id : groupIds) {
          Group g = region.groups.get(id);
          result.addAll(
              found.containsKey(id)
                  ? found.get(id)
                  : g.entry == null ? List.of() : g.entry.rules());
        }
        return List.copyOf(result);
      }
    } finally {
      region.reading.unlock();
    }
  }

  /**
   * The rules of the groups when every one of them is kept (and still good, unless {@code
   * freshOnly} is false); null when one must be read. Notes that they were asked about.
   */
  private List<SgRuleView> known(Region region, Set<String> groupIds, boolean freshOnly) {
    Instant now = clock.instant();
    synchronized (region) {
      List<SgRuleView> result = new ArrayList<>();
      boolean all = true;
      for (String id : groupIds) {
        Group g = region.groups.computeIfAbsent(id, k -> new Group());
        g.lastAsked = now;
        if (g.entry == null || (freshOnly && !now.isBefore(g.entry.until()))) {
          all = false;
        } else {
          result.addAll(g.entry.rules());
        }
      }
      return all ? List.copyOf(result) : null;
    }
  }

  /**
   * The groups to read: those asked about that are not kept or expired, then the others asked about
   * within two TTLs whose rules are due within half a TTL, which ride along.
   */
  private List<String> due(Region region, Set<String> groupIds, Instant now) {
    synchronized (region) {
      Set<String> due = new LinkedHashSet<>();
      for (String id : groupIds) {
        Group g = region.groups.get(id);
        if (g.entry == null || !now.isBefore(g.entry.until())) {
          due.add(id);
        }
      }
      for (Map.Entry<String, Group> e : region.groups.entrySet()) {
        Group g = e.getValue();
        if (!groupIds.contains(e.getKey())
            && g.lastAsked != null
            && now.isBefore(g.lastAsked.plus(ttl.multipliedBy(2)))
            && (g.entry == null || !now.plus(ttl.dividedBy(2)).isBefore(g.entry.until()))) {
          due.add(e.getKey());
        }
      }
      return new ArrayList<>(due);
    }
  }

  /** The operator wrote a rule of this group: read it again next time. */
  void invalidate(String region, String groupId) {
    Region r = byRegion.get(region);
    if (r == null) {
      return;
    }
    synchronized (r) {
      Group g = r.groups.get(groupId);
      if (g != null) {
        g.generation++;
        g.entry = null;
      }
    }
  }

  /** The operator tagged a rule: the group that holds it, or every group when none is known to. */
  void invalidateRule(String region, String ruleId) {
    Region r = byRegion.get(region);
    if (r == null) {
      return;
    }
    synchronized (r) {
      boolean known = false;
      for (Group g : r.groups.values()) {
        if (g.entry != null
            && g.entry.rules().stream().anyMatch(rule -> rule.id().equals(ruleId))) {
          known = true;
          g.generation++;
          g.entry = null;
        }
      }
      if (!known) {
        for (Group g : r.groups.values()) {
          g.generation++;
          g.entry = null;
        }
      }
    }
  }
}
