package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.config.Tenancy;
import java.util.Map;
import java.util.Optional;

/**
 * What a Lambda function shows when a problem the planner reports is left as it is, and the usual
 * way out, by condition reason. The planner's message names the objects; this says what the person
 * debugging the function sees in its logs or in {@code LastUpdateStatusReason}.
 */
public final class Symptoms {
  /** The error Lambda reports, and the fix in general terms. */
  public record Symptom(String lambdaError, String fix) {}

  private static final String MOUNT_FAILURE = "EFSMountFailureException on every invocation";
  private static final String CONNECTIVITY =
      "EFSMountConnectivityException (or EFSMountTimeoutException) on every invocation";

  private static final Map<String, Symptom> BY_REASON =
      Map.ofEntries(
          Map.entry(
              "FunctionNotFound",
              new Symptom(
                  "ResourceNotFoundException: Function not found",
                  "check the name, the account and the Region")),
          Map.entry(
              "FileSystemNotFound",
              new Symptom(MOUNT_FAILURE, "mount an access point of a file system that exists")),
          Map.entry(
              "AccessPointNotFound",
              new Symptom(
                  MOUNT_FAILURE + " (the access point does not exist)",
                  "point the function's FileSystemConfigs at an existing access point")),
          Map.entry(
              "AccessPointOnOtherFileSystem",
              new Symptom(
                  MOUNT_FAILURE + " (the access point is not on the file system meant)",
                  "mount an access point of the file system meant")),
          Map.entry(
              "AccessPointUnavailable",
              new Symptom(MOUNT_FAILURE, "use an available access point or recreate it")),
          Map.entry(
              "AccessPointCreating",
              new Symptom(
                  "EFSMountFailureException until EFS finishes creating it", "wait a moment")),
          Map.entry(
              "RootDirectoryWithoutCreationInfo",
              new Symptom(
                  MOUNT_FAILURE + " if the root directory does not exist",
                  "create the directory, or use an access point with CreationInfo")),
          Map.entry(
              "RootDirectoryNotAccessible",
              new Symptom(
                  "Permission denied (EACCES) on every file access under the mount path",
                  "let the access point's POSIX user search (x) its root directory")),
          Map.entry(
              "RootDirectoryNotWritable",
              new Symptom(
                  "Permission denied (EACCES) on every write under the mount path",
                  "make the POSIX user the owner of the root directory or give it write (w)")),
          Map.entry(
              "MissingPermissions",
              new Symptom(
                  MOUNT_FAILURE
                      + " (ClientMount), or \"Read-only file system\" (EROFS) on writes"
                      + " (ClientWrite)",
                  "grant the listed actions to the execution role")),
          Map.entry(
              "NotCheckedYet",
              new Symptom(
                  MOUNT_FAILURE
                      + " (ClientMount) if the role may use only other access points than this"
                      + " one",
                  "let the execution role use this access point (elasticfilesystem:AccessPointArn)"
                      + " and diagnose again once it exists")),
          Map.entry(
              "FunctionTagLimit",
              new Symptom(
                  "none yet: the function is left as it is, so it does not mount the file system",
                  "remove enough of the function's own tags to leave room for the operator's")),
          Map.entry(
              "CheckingSharedRules",
              new Symptom(
                  "none: the NFS rules stay open while the operator looks for who relies on them",
                  "nothing to do; if it lasts, check the operator may read the other functions")),
          Map.entry(
              "Ignored",
              new Symptom(
                  "unknown: the execution role's permissions are not checked",
                  "check the role's ClientMount and ClientWrite yourself")),
          Map.entry(
              "NoMountTargets",
              new Symptom(MOUNT_FAILURE, "create a mount target in each AZ of the function")),
          Map.entry(
              "MountTargetMissing",
              new Symptom(
                  MOUNT_FAILURE + " in the uncovered Availability Zone",
                  "create a mount target in that AZ or remove the subnet from the function")),
          Map.entry(
              "MountTargetNotAvailable",
              new Symptom(
                  "EFSMountTimeoutException until the mount target is available",
                  "wait for EFS to finish creating it")),
          Map.entry(
              "NfsIngressBlocked",
              new Symptom(
                  CONNECTIVITY,
                  "allow TCP 2049 into the mount targets' security group from the function's security"
                      + " group")),
          Map.entry(
              "NfsEgressBlocked",
              new Symptom(
                  CONNECTIVITY,
                  "allow TCP 2049 out of the function's security group to the mount targets' security"
                      + " group")),
          Map.entry(
              "VpcMismatch",
              new Symptom(
                  CONNECTIVITY, "run the function in the VPC of the file system's mount targets")),
          Map.entry(
              "SubnetsInDifferentVpcs",
              new Symptom(
                  "InvalidParameterValueException when the configuration is updated",
                  "use subnets of one VPC")),
          Map.entry(
              "SubnetNotFound",
              new Symptom(
                  "InvalidParameterValueException (InvalidSubnet) when the configuration is"
                      + " updated",
                  "use subnets that exist")),
          Map.entry(
              "FunctionNotInVpc",
              new Symptom(
                  "InvalidParameterValueException: a file system needs a VPC configuration",
                  "put the function in subnets of the file system's VPC")),
          Map.entry(
              "NoSecurityGroups",
              new Symptom(
                  "InvalidParameterValueException when the configuration is updated",
                  "give the function a security group")),
          Map.entry(
              "SecurityGroupRuleLimitExceeded",
              new Symptom(
                  CONNECTIVITY + " while no rule opens NFS",
                  "free a rule in the security group named (or raise the quota), or open TCP"
                      + " 2049 through a group that has room")),
          Map.entry(
              "FunctionNameQualified",
              new Symptom(
                  "InvalidParameterValueException when a version or alias is configured: only the"
                      + " unqualified function ($LATEST) takes FileSystemConfigs",
                  "name the function without its :version or :alias")),
          Map.entry(
              "FunctionAlreadyMounted",
              new Symptom(
                  "InvalidParameterValueException: Lambda allows one file system per function",
                  "remove the other file system from the function first")),
          Map.entry(
              "FunctionFailed",
              new Symptom(
                  "the function cannot be invoked (State Failed)",
                  "fix what StateReason says and redeploy")),
          Map.entry(
              "FunctionUpdateFailed",
              new Symptom(
                  "LastUpdateStatus Failed with the reason code shown; invocations run the last"
                      + " good configuration or fail",
                  "fix the cause named by LastUpdateStatusReasonCode")),
          Map.entry(
              "FunctionPending",
              new Symptom("invocations wait until the function is Active", "wait")),
          Map.entry(
              "FunctionUpdateInProgress",
              new Symptom("ResourceConflictException on a new update until it ends", "wait")),
          Map.entry(
              "NoInternetAfterVpcMove",
              new Symptom(
                  "calls to the internet time out once the function runs in the VPC",
                  "route the subnets through a NAT gateway or add VPC endpoints")),
          Map.entry(
              "TimeoutTooShortForMount",
              new Symptom(
                  "\"Task timed out\" on cold starts (the mount runs inside the timeout)",
                  "raise the function's timeout")),
          Map.entry(
              "BurstingThroughputAtScale",
              new Symptom(
                  "slow reads and writes, then timeouts, once the burst credits run out",
                  "switch the file system to Elastic or provisioned throughput")),
          Map.entry(
              "ConnectionLimitApproaching",
              new Symptom(
                  "EFSMountFailureException for new execution environments past 25,000"
                      + " connections",
                  "lower the reserved concurrency or spread the functions over file systems")),
          Map.entry(
              TenancyRules.NOT_AUTHORIZED,
              new Symptom(
                  "nothing in Lambda: the operator will not manage this mount from the namespace",
                  "the owner of the function or the file system lists the namespace in its tag "
                      + Tenancy.ALLOWED_NAMESPACES
                      + " (for a role: the operator's --allowed-roles lists it for the"
                      + " namespace)")),
          Map.entry(
              AwsError.ASSUME_ROLE_DENIED,
              new Symptom(
                  "nothing in Lambda: the role could not be assumed, so nothing was read",
                  "let the role's trust policy trust the caller, with the external id sent")),
          Map.entry(
              "AccessDenied",
              new Symptom(
                  "nothing yet: the operator's own role may not read this",
                  "grant the operator the call named (deploy/iam/operator-policy.json)")),
          Map.entry(
              "AwsRequestRejected",
              new Symptom(
                  "nothing yet: AWS rejected a read, so the diagnosis stops there",
                  "correct what the message names")),
          Map.entry(
              "AwsThrottled",
              new Symptom("nothing: AWS throttled the read", "run diagnose again in a moment")),
          Map.entry(
              Plan.RATE_BUDGET,
              new Symptom(
                  "nothing: the read waits for its turn in the operator's own rate limits",
                  "nothing to do; raise --aws-rate-limits only if your account's limits allow it")),
          Map.entry(
              "AwsUnavailable",
              new Symptom("nothing: AWS could not be read", "check credentials and network")));

  private Symptoms() {}

  public static Optional<Symptom> of(String reason) {
    return Optional.ofNullable(BY_REASON.get(reason));
  }
}
