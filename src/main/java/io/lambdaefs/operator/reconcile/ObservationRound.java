package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.observe.PermissionQuery;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;

/**
 * One complete read of a resource's AWS side: the observer's pass, then the IAM question the
 * planner can only ask once it knows the access point. Shared by the reconciler, the drift poller
 * and plan.
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
    PermissionQuery query = planner.permissionQuery(desired, observation);
    return query == null
        ? observation
        : observation.withPermissions(observer.permissions(query, clients));
  }
}
