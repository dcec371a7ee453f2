package io.lambdaefs.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Events a status change deserves: drift first seen (Warning) and corrected (Normal), a new
 * reason to stall (Warning), a new warning (Warning), becoming Ready (Normal). Derived from the old
 * and the new status, so a resource that stays the same posts nothing.
 */
public final class StatusEvents {

  public static final String DRIFT_DETECTED = "DriftDetected";
  public static final String DRIFT_CORRECTED = "DriftCorrected";

  public record Event(boolean warning, String reason, String message) {}

  private StatusEvents() {}

  public static List<Event> between(
      LambdaEfsMountStatus before, LambdaEfsMountStatus after, Plan plan, boolean applied) {
    List<Condition> old = before == null ? List.of() : before.getConditions();
    List<Event> events = new ArrayList<>();
    Optional<Condition> drifted = Conditions.find(after.getConditions(), Conditions.DRIFTED);
    boolean wasDrifted = Conditions.isTrue(old, Conditions.DRIFTED);
    if (drifted.isPresent() && "True".equals(drifted.get().getStatus()) && !wasDrifted) {
      events.add(new Event(true, DRIFT_DETECTED, drifted.get().getMessage()));
    }
    if (wasDrifted && drifted.isPresent() && "False".equals(drifted.get().getStatus()) && applied) {
      events.add(
          new Event(
              false,
              DRIFT_CORRECTED,
              "AWS was put back to the spec: "
                  + Conditions.find(old, Conditions.DRIFTED)
                      .map(Condition::getMessage)
                      .orElse("")));
    }
    Optional<Condition> stalled = Conditions.find(after.getConditions(), Conditions.STALLED);
    if (stalled.isPresent()
        && "True".equals(stalled.get().getStatus())
        && !sameReason(old, Conditions.STALLED, stalled.get())) {
      events.add(new Event(true, stalled.get().getReason(), stalled.get().getMessage()));
    }
    for (Problem p : plan.problems()) {
      // Known when the last status showed it: as a condition's reason, or among its warnings.
      boolean known =
          old.stream()
              .anyMatch(
                  c ->
                      p.reason().equals(c.getReason())
                          || (c.getMessage() != null
                              && c.getMessage().contains(" Warning " + p.reason() + ":")));
      if (p.severity() == Problem.Severity.WARNING && !known) {
        events.add(new Event(true, p.reason(), p.message()));
      }
    }
    Optional<Condition> ready = Conditions.find(after.getConditions(), Conditions.READY);
    if (ready.isPresent()
        && "True".equals(ready.get().getStatus())
        && !Conditions.isTrue(old, Conditions.READY)) {
      events.add(new Event(false, ready.get().getReason(), ready.get().getMessage()));
    }
    return events;
  }

  private static boolean sameReason(List<Condition> old, String type, Condition now) {
    return Conditions.find(old, type)
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> Objects.equals(c.getReason(), now.getReason()))
        .orElse(false);
  }
}
