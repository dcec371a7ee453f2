package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.PermissionQuery;
import java.util.HashMap;
import java.util.Map;

/**
 * Pure function of (desired mount, observation) to a plan. No I/O: every rule of the domain lives
 * in this package and is unit-tested without Kubernetes or AWS. A blocking problem anywhere empties
 * the action list, so bad input never changes anything in AWS.
 */
public final class Planner {
  private final Tenancy tenancy;

  /**
   * Whether a namespace the tags keep out stops the plan there (the operator, plan), or is one
   * finding among the others, with advice for a mount nobody declared (diagnose).
   */
  private final boolean namespaceTagsStop;

  /** With the default tenancy: functions and file systems must carry the namespace tag. */
  public Planner() {
    this(Tenancy.defaults());
  }

  public Planner(Tenancy tenancy) {
    this(tenancy, true);
  }

  private Planner(Tenancy tenancy, boolean namespaceTagsStop) {
    this.tenancy = tenancy;
    this.namespaceTagsStop = namespaceTagsStop;
  }

  /**
   * For diagnose, which only reads, with its user's own credentials: a function or file system
   * whose tags keep the namespace out is NotAuthorized (blocking, as in the operator), and every
   * other check still runs and is asked for what it needs to read. Its advice speaks of the
   * function, the file system and the role, not of a spec the user has not written.
   */
  public static Planner forDiagnosis(Tenancy tenancy) {
    return new Planner(tenancy, false);
  }

  /**
   * The plan of a resource that may not reach AWS at all (spec.roleArn not allowed for its
   * namespace): NotAuthorized, decided before anything is read. Null when it may.
   */
  public Plan refusal(DesiredMount desired) {
    PlanBuilder b = builder();
    Problem refused = TenancyRules.role(desired, tenancy, b);
    if (refused == null) {
      return null;
    }
    b.problems.add(refused);
    return b.build();
  }

  private PlanBuilder builder() {
    PlanBuilder b = new PlanBuilder();
    b.asFound = !namespaceTagsStop;
    return b;
  }

  public Plan plan(DesiredMount desired, Observation obs) {
    PlanBuilder b = builder();
    if (FunctionRules.qualifiedName(desired, b)) {
      return b.build();
    }
    Plan refused = refusal(desired);
    if (refused != null) {
      return refused;
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
                + b.advice(
                    ". Create it or correct spec.functionName.",
                    ". Check the name, the account and the Region."),
            "GetFunction",
            desired.functionName(),
            obs.function());
    // A file system id is unknown only to diagnose, when the access point a function mounts is
    // gone.
    FileSystemView fileSystem =
        desired.fileSystemId() == null
            ? null
            : found(
                b,
                Facet.ACCESS_POINT,
                obs.fileSystem().isAbsent(),
                "FileSystemNotFound",
                "EFS file system "
                    + desired.fileSystemId()
                    + " does not exist"
                    + inRegion(desired)
                    + b.advice(
                        ". Create it or correct spec.fileSystemId.",
                        ". Point the function's FileSystemConfigs at an access point of a file"
                            + " system that exists."),
                "DescribeFileSystems",
                desired.fileSystemId(),
                obs.fileSystem());
    if (TenancyRules.namespaceTags(desired, tenancy, function, fileSystem, b)
        && namespaceTagsStop) {
      return b.build();
    }
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
    if (function != null && desired.fileSystemId() == null && desired.adoptsAccessPoint()) {
      AccessPointRules.apply(desired, obs, function, b);
    }
    if (function == null || fileSystem == null) {
      return b.build();
    }

    if (TenancyRules.managedPolicyOptIn(desired, obs, function, b)) {
      return b.build();
    }
    AccessPointView accessPoint = AccessPointRules.apply(desired, obs, function, b);
    NetworkRules.Topology topology = NetworkRules.apply(desired, obs, function, fileSystem, b);
    PermissionRules.apply(desired, obs, function, b);
    FunctionRules.apply(desired, function, accessPoint, topology, b);
    CapacityRules.apply(function, fileSystem, b);
    AccessPointRules.deleteSuperseded(desired, obs, function, accessPoint, b);
    SharedRules.release(SharedRules.unneeded(desired, obs, b), obs, b);
    FunctionTags.apply(desired, obs, function, topology, b);
    return b.build();
  }

  /**
   * The uid of an applied resource of the same namespace/name that the function's tags name as its
   * manager, when it is not the desired one's own (a file planned outside the cluster has no uid):
   * ownership lives in AWS, as tags on the function. Null otherwise.
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
   * The observation as it will be once an earlier resource for the same function is applied: that
   * one tags the function as its own, so this one meets FunctionAlreadyMounted, as it would in the
   * cluster (Lambda allows one file system per function). Unchanged when the function is not found
   * or is managed already.
   */
  public Observation claimedBy(DesiredMount earlier, Observation obs) {
    if (!obs.function().isFound()
        || obs.function().value().tags().containsKey(OwnershipTags.OWNER_UID)) {
      return obs;
    }
    FunctionView fn = obs.function().value();
    Map<String, String> tags = new HashMap<>(fn.tags());
    tags.putAll(earlier.ownershipTags());
    return obs.withFunction(Fetched.found(fn.withTags(tags)));
  }

  /**
   * What IAM must be asked before the plan can be complete, with the access point when the first
   * planning pass knows one. Null when nothing is to be asked.
   */
  public PermissionQuery permissionQuery(DesiredMount desired, Observation obs) {
    if (!obs.function().isFound() || !obs.fileSystem().isFound() || notAuthorized(desired, obs)) {
      return null;
    }
    if (desired.iamMode() == IamMode.Manage
        && (obs.roleTags() == null
            || !obs.roleTags().isFound()
            || !TenancyRules.optedIn(obs.roleTags().value()))) {
      return null;
    }
    PlanBuilder scratch = new PlanBuilder();
    AccessPointView ap = AccessPointRules.apply(desired, obs, obs.function().value(), scratch);
    return PermissionRules.query(desired, obs.function().value(), obs.fileSystem().value(), ap);
  }

  /**
   * Whether the execution role's tags must be read: iam.mode Manage edits only a role that opted in
   * (TenancyRules), and nothing more is asked about it before that is known.
   */
  public boolean needsRoleTags(DesiredMount desired, Observation obs) {
    return desired.iamMode() == IamMode.Manage
        && obs.roleTags() == null
        && obs.function().isFound()
        && obs.function().value().roleArn() != null
        && !notAuthorized(desired, obs);
  }

  /**
   * Whether the tags of the function or the file system keep this namespace out, so that nothing
   * more is read (not asked when they do not stop the plan).
   */
  private boolean notAuthorized(DesiredMount desired, Observation obs) {
    return namespaceTagsStop
        && TenancyRules.namespaceTags(
            desired,
            tenancy,
            obs.function().isFound() ? obs.function().value() : null,
            obs.fileSystem().isFound() ? obs.fileSystem().value() : null,
            new PlanBuilder());
  }

  /**
   * Whether the inline policy of iam.mode Manage must be read: the role lacks something the
   * operator grants, and a new document must keep what the current one grants.
   */
  public boolean needsInlinePolicy(DesiredMount desired, Observation obs) {
    if (desired.iamMode() != IamMode.Manage
        || obs.permissions() == null
        || !obs.permissions().isFound()
        || !obs.function().isFound()) {
      return false;
    }
    PlanBuilder scratch = new PlanBuilder();
    PermissionRules.apply(desired, obs, obs.function().value(), scratch);
    return scratch.actions.stream().anyMatch(a -> a instanceof Action.PutRolePolicy);
  }

  /** How a failed write is to be read, given what the planner knows (PermissionRules.interpret). */
  public AwsError interpret(DesiredMount desired, AwsError failure) {
    return PermissionRules.interpret(desired, failure);
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
