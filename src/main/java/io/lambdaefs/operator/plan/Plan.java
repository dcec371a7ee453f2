package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.SgRuleView;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the planner decided: problems, ordered actions, drift, and what to report.
 *
 * @param releasing the NFS rules the resource holds and no longer needs: who else relies on them
 *     (the observation's rule heirs) decides between a hand-over and a revoke
 */
public record Plan(
    List<Problem> problems,
    List<Action> actions,
    List<DriftFinding> drift,
    Report report,
    List<SgRuleView> releasing) {

  public boolean blocked() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.BLOCKING);
  }

  public boolean waiting() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.WAITING);
  }

  /** Nothing to do and nothing to wait for. */
  public boolean inSync() {
    return actions.isEmpty() && !blocked() && !waiting();
  }

  /**
   * Reasons of reads that failed for a passing cause (throttling, 5xx): they say nothing about AWS.
   */
  public static final Set<String> TRANSIENT_READ_REASONS =
      Set.of("AwsThrottled", "AwsUnavailable", Plan.RATE_BUDGET);

  /**
   * A call waits for its turn in the operator's own rate budget: nothing is wrong, and AWS did not
   * throttle.
   */
  public static final String RATE_BUDGET = "AwsRateBudget";

  /** A facet waits for another one (the function for the access point, say); that one says why. */
  public static final String WAITING_FOR_OTHER_FACET = "WaitingForDependency";

  /** Nothing is known beyond "AWS could not be read just now": the last status still stands. */
  public boolean onlyTransientReadFailures() {
    return actions.isEmpty()
        && problems.stream().anyMatch(p -> TRANSIENT_READ_REASONS.contains(p.reason()))
        && problems.stream()
            .allMatch(
                p ->
                    TRANSIENT_READ_REASONS.contains(p.reason())
                        || p.reason().equals(WAITING_FOR_OTHER_FACET)
                        || p.severity() == Problem.Severity.WARNING);
  }

  public Optional<Duration> soonestRecheck() {
    return problems.stream()
        .map(Problem::recheckAfter)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  public List<Problem> problemsOf(Facet facet) {
    return problems.stream().filter(p -> p.facet() == facet).toList();
  }

  public List<Action> actionsOf(Facet facet) {
    return actions.stream().filter(a -> a.facet() == facet).toList();
  }
}
