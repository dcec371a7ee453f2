package io.lambdaefs.operator.plan;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the planner decided: problems, ordered actions, drift, and what to report. */
public record Plan(List<Problem> problems, List<Action> actions, List<DriftFinding> drift, Report report) {

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

  public Optional<Duration> soonestRecheck() {
    return problems.stream().map(Problem::recheckAfter).filter(Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  public List<Problem> problemsOf(Facet facet) {
    return problems.stream().filter(p -> p.facet() == facet).toList();
  }

  public List<Action> actionsOf(Facet facet) {
    return actions.stream().filter(a -> a.facet() == facet).toList();
  }
}
