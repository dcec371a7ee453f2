package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.PermissionQuery;
import java.util.Map;

/**
 * Pure function of (desired mount, observation) to a plan. No I/O: every rule of the domain lives
 * in this package and is unit-tested without Kubernetes or AWS. A blocking problem anywhere empties
 * the action list, so bad input never changes anything in AWS.
 */
public final class Planner {

  public Plan plan(DesiredMount desired, Observation obs) {
    PlanBuilder b = new PlanBuilder();
    if (FunctionRules.qualifiedName(desired, b)) {
      return b.build();
    }
    FunctionView function =
        found(
            b,
            Facet.FUNCTION,
            obs.function().isAbsent(),
            "FunctionNotFound",
            "Lambda function '"
                + desired.functionName()
                + "' does not exist"
                + inRegion(desired)
                + ". Create it or correct spec.functionName.",
            "GetFunction",
            desired.functionName(),
            obs.function());
    FileSystemView fileSystem =
        found(
            b,
            Facet.ACCESS_POINT,
            obs.fileSystem().isAbsent(),
            "FileSystemNotFound",
            "EFS file system "
                + desired.fileSystemId()
                + " does not exist"
                + inRegion(desired)
                + ". Create it or correct spec.fileSystemId.",
            "DescribeFileSystems",
            desired.fileSystemId(),
            obs.fileSystem());
    if (function != null) {
      b.function =
          new Report.FunctionRef(
              function.arn(),
              function.lastUpdateStatus(),
              function.lastUpdateStatusReasonCode(),
              function.lastUpdateStatusReason());
    }
    if (desired.established() && obs.function().isAbsent()) {
      b.drift.add(
          new DriftFinding("FunctionDeleted", "function", desired.functionName(), "deleted"));
    }
    if (desired.established() && obs.fileSystem().isAbsent()) {
      b.drift.add(
          new DriftFinding("FileSystemDeleted", "fileSystem", desired.fileSystemId(), "deleted"));
    }
    if (function == null || fileSystem == null) {
      return b.build();
    }

    AccessPointView accessPoint = AccessPointRules.apply(desired, obs, function, b);
    NetworkRules.Topology topology = NetworkRules.apply(desired, obs, function, fileSystem, b);
    PermissionRules.apply(desired, obs, b);
    FunctionRules.apply(desired, function, accessPoint, topology, b);
    AccessPointRules.deleteSuperseded(desired, obs, function, accessPoint, b);
    SharedRules.release(SharedRules.unneeded(obs, b), obs, b);
    FunctionTags.apply(desired, obs, function, topology, b);
    return b.build();
  }

  /**
   * The uid of an applied resource of the same namespace/name that the function's tags name as its
   * manager, when it is not the desired one's own (a file planned outside the cluster has no uid):
   * ownership lives in AWS, as tags on the function (DESIGN rule 1). Null otherwise.
   */
  public String appliedOwnerUid(DesiredMount desired, Observation obs) {
    if (!obs.function().isFound()) {
      return null;
    }
    Map<String, String> tags = obs.function().value().tags();
    String uid = tags.get(OwnershipTags.OWNER_UID);
    return desired.owner().equals(tags.get(OwnershipTags.OWNER))
            && uid != null
            && !uid.equals(desired.uid())
        ? uid
        : null;
  }

  /**
   * What IAM must be asked before the plan can be complete: needs the access point, which only the
   * first planning pass knows. Null when nothing is to be asked.
   */
  public PermissionQuery permissionQuery(DesiredMount desired, Observation obs) {
    if (!obs.function().isFound() || !obs.fileSystem().isFound()) {
      return null;
    }
    PlanBuilder scratch = new PlanBuilder();
    AccessPointView ap = AccessPointRules.apply(desired, obs, obs.function().value(), scratch);
    return PermissionRules.query(desired, obs.function().value(), obs.fileSystem().value(), ap);
  }

  private static <T> T found(
      PlanBuilder b,
      Facet facet,
      boolean absent,
      String reason,
      String message,
      String operation,
      String object,
      Fetched<T> fetched) {
    if (absent) {
      b.block(facet, reason, message);
      return null;
    }
    b.readFailed(facet, operation, object, fetched);
    return fetched.value();
  }

  static String inRegion(DesiredMount desired) {
    return desired.region() == null ? "" : " in " + desired.region();
  }
}
