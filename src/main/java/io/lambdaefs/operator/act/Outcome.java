package io.lambdaefs.operator.act;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Action;
import java.util.List;

/**
 * What the executor did: the actions that took effect, and the one that failed (the executor stops
 * at the first failure; the next reconcile observes again and plans from there).
 */
public record Outcome(List<Action> done, Action failedAction, AwsError failure) {

  public static Outcome nothing() {
    return new Outcome(List.of(), null, null);
  }

  public boolean failed() {
    return failure != null;
  }

  /** The same outcome with the failure read otherwise (see Planner.interpret). */
  public Outcome withFailure(AwsError failure) {
    return new Outcome(done, failedAction, failure);
  }

  public boolean wroteSomething() {
    return !done.isEmpty();
  }
}
