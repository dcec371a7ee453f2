package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.observe.PermissionQuery;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;

/**
 * One complete read of a resource's AWS side: the observer's pass, then the IAM question the
 * planner asks once it knows the function, the file system and (if any) the access point, and for
 * iam.mode Manage the execution role's tags (its opt-in) and the inline policy a new grant must
 * keep. Nothing more is read once the tags of the function or the file system keep the resource's
 * namespace out. Shared by the reconciler, the drift poller and plan.
 */
public final class ObservationRound {
  private final Observer observer;
  private final Planner planner;

  public ObservationRound(Observer observer, Planner planner) {
    this.observer = observer;
    this.planner = planner;
  }

  public Observation observe(DesiredMount desired, AwsClients clients, Observer.Purpose purpose) {
    Observation observation = observer.observe(desired.target(), clients, purpose);
    if (planner.needsRoleTags(desired, observation)) {
      observation =
          observation.withRoleTags(
              observer.roleTags(observation.function().value().roleArn(), clients));
    }
    PermissionQuery query = planner.permissionQuery(desired, observation);
    if (query == null) {
      return observation;
    }
    observation = observation.withPermissions(observer.permissions(query, clients));
    if (planner.needsInlinePolicy(desired, observation)) {
      observation =
          observation.withInlinePolicy(
              observer.inlinePolicy(query.roleArn(), desired.inlinePolicyName(), clients));
    }
    return observation;
  }
}
