package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Keeps a hand-over of a shared NFS rule from landing on a resource whose deletion is ending. A
 * deletion round that may remove the finalizer runs under the read lock; a hand-over runs under the
 * write lock, after checking that every heir is still live. Either the heir's last round sees the
 * rule tagged as its own (and releases it in turn), or the hand-over sees the heir being deleted
 * (the informer shows it before its deletion round starts) and is planned again.
 */
final class HandOvers {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

  /** A deletion round that may end the deletion: no hand-over lands while it runs. */
  <T> T deletionRound(Supplier<T> round) {
    lock.readLock().lock();
    try {
      return round.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs the plan's actions; when they hand rules over, only while no deletion round runs and while
   * every heir is still live. Returns null when an heir is no longer live: plan again.
   */
  Outcome execute(Plan plan, Predicate<Map<String, String>> live, Supplier<Outcome> run) {
    List<Map<String, String>> heirs =
        plan.actions().stream()
            .filter(Action.HandOverRule.class::isInstance)
            .map(a -> ((Action.HandOverRule) a).tags())
            .toList();
    if (heirs.isEmpty()) {
      return run.get();
    }
    lock.writeLock().lock();
    try {
      return heirs.stream().allMatch(live) ? run.get() : null;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
