package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.Partition;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.PermissionCheck;
import io.lambdaefs.operator.observe.PermissionQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The execution role's permissions: what Lambda needs to mount (ClientMount, ClientWrite unless
 * read-only, on the file system through the access point, when the file system has a policy) and to
 * run in a VPC (the ENI actions, on the function's subnets and security groups). Configuring a
 * mount the role cannot use would make every invocation fail, so a missing permission stops all
 * writes (Verify) or is granted by a least-privilege inline policy (Manage). The role is checked
 * before the access point exists; what only the access point can decide waits for it.
 */
final class PermissionRules {
  static final String CLIENT_MOUNT = "elasticfilesystem:ClientMount";
  static final String CLIENT_WRITE = "elasticfilesystem:ClientWrite";
  static final String ACCESS_POINT_KEY = "elasticfilesystem:AccessPointArn";
  static final List<String> ENI_ACTIONS =
      List.of(
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface");

  /** Lambda's answer while it does not yet see a role change (IAM is eventually consistent). */
  static final String ROLE_NOT_YET_VISIBLE =
      "The provided execution role does not have permissions to call CreateNetworkInterface on EC2";

  private PermissionRules() {}

  /**
   * What to ask IAM, or null when nothing is to be checked (Ignore) or the function or file system
   * is not known. The access point may not exist yet: then its ARN is not part of the question.
   */
  static PermissionQuery query(
      DesiredMount desired, FunctionView fn, FileSystemView fs, AccessPointView ap) {
    if (desired.iamMode() == IamMode.Ignore || fn == null || fs == null || fn.roleArn() == null) {
      return null;
    }
    List<String> client = new ArrayList<>();
    client.add(CLIENT_MOUNT);
    if (!desired.readOnly()) {
      client.add(CLIENT_WRITE);
    }
    // Lambda creates the ENIs in the function's subnets with its security groups; the ARNs are in
    // the partition of the function's Region.
    String[] arn = fn.arn().split(":");
    String region = arn[3];
    String account = arn[4];
    Partition partition = Partition.ofRegion(region);
    String eni = partition.arn("ec2", region, account, "network-interface/*");
    List<String> createOn = new ArrayList<>();
    createOn.add(eni);
    NetworkRules.merged(fn.subnetIds(), desired.subnetIds())
        .forEach(s -> createOn.add(partition.arn("ec2", region, account, "subnet/" + s)));
    NetworkRules.merged(fn.inVpc() ? fn.securityGroupIds() : List.of(), desired.securityGroupIds())
        .forEach(g -> createOn.add(partition.arn("ec2", region, account, "security-group/" + g)));
    Map<String, List<String>> network = new LinkedHashMap<>();
    network.put(ENI_ACTIONS.get(0), List.copyOf(createOn));
    // EC2's Describe actions support no resource-level permissions.
    network.put(ENI_ACTIONS.get(1), List.of("*"));
    network.put(ENI_ACTIONS.get(2), List.of(eni));
    return new PermissionQuery(
        fn.roleArn(),
        fs.id(),
        fs.arn(),
        ap == null ? null : ap.arn(),
        List.copyOf(client),
        network);
  }

  static void apply(DesiredMount desired, Observation obs, FunctionView fn, PlanBuilder b) {
    if (desired.iamMode() == IamMode.Ignore) {
      b.permissionsNote =
          new Report.Note(
              true,
              "Ignored",
              "spec.iam.mode is Ignore: the execution role's permissions are not checked.");
      return;
    }
    if (obs.permissions() == null) {
      b.permissionsNote =
          new Report.Note(
              false,
              "NotCheckedYet",
              "The execution role is checked once the function and the file system are found.");
      return;
    }
    if (b.readFailed(
        Facet.PERMISSIONS,
        "iam:SimulatePrincipalPolicy",
        "the execution role",
        obs.permissions())) {
      return;
    }
    PermissionCheck check = obs.permissions().value();
    PermissionQuery query = check.query();
    if (b.readFailed(
        Facet.PERMISSIONS,
        "elasticfilesystem:DescribeFileSystemPolicy",
        "file system " + query.fileSystemId(),
        check.fileSystemPolicy())) {
      return;
    }
    // Without a file system policy EFS's default policy lets every client that reaches a mount
    // target mount and write: the role needs no client action of its own.
    boolean defaultPolicy = !check.fileSystemPolicy().isFound();
    List<String> denied = new ArrayList<>();
    List<String> needAccessPoint = new ArrayList<>();
    for (String action : query.actions()) {
      boolean client = query.clientActions().contains(action);
      PermissionCheck.Verdict v = check.verdict(action);
      if (client && defaultPolicy || v.allowed()) {
        continue;
      }
      if (client && onlyTheAccessPointIsMissing(v)) {
        needAccessPoint.add(action);
      } else {
        denied.add(action);
      }
    }
    if (desired.iamMode() == IamMode.Manage) {
      manage(desired, obs, fn, check, denied, needAccessPoint, b);
      return;
    }
    if (!denied.isEmpty()) {
      b.block(
          Facet.PERMISSIONS,
          "MissingPermissions",
          "Execution role "
              + query.roleArn()
              + " may not "
              + String.join(", ", denied)
              + " ("
              + where(query, denied)
              + "); the function would fail with EFSMountFailureException. Grant them"
              + b.advice(
                  ", or set spec.iam.mode: Manage to let the operator add a least-privilege inline"
                      + " policy.",
                  " to the role; or declare the mount in a LambdaEfsMount with spec.iam.mode:"
                      + " Manage and the operator adds a least-privilege inline policy."));
    } else if (!needAccessPoint.isEmpty()) {
      b.permissionsNote =
          new Report.Note(
              false,
              "NotCheckedYet",
              "Execution role "
                  + query.roleArn()
                  + " grants "
                  + String.join(", ", needAccessPoint)
                  + " only through particular access points: checked once the access point exists.");
    }
  }

  /**
   * A denial IAM could not decide because the question had no access point (a condition on
   * elasticfilesystem:AccessPointArn, the one AWS documents for Lambda): not checkable yet.
   */
  private static boolean onlyTheAccessPointIsMissing(PermissionCheck.Verdict v) {
    return v.missingContext().size() == 1
        && v.missingContext().get(0).equalsIgnoreCase(ACCESS_POINT_KEY);
  }

  private static String where(PermissionQuery query, List<String> denied) {
    List<String> parts = new ArrayList<>();
    if (denied.stream().anyMatch(query.clientActions()::contains)) {
      parts.add(
          "on "
              + query.fileSystemArn()
              + (query.accessPointArn() == null ? "" : " through " + query.accessPointArn())
              + ", which has a file system policy");
    }
    if (denied.stream().anyMatch(ENI_ACTIONS::contains)) {
      parts.add("on the network interfaces in the function's subnets");
    }
    return String.join("; ", parts);
  }

  /**
   * Manage: grant what is denied with the inline policy, keeping what it granted before. The mount
   * statement names the access point, so it waits until that exists.
   */
  private static void manage(
      DesiredMount desired,
      Observation obs,
      FunctionView fn,
      PermissionCheck check,
      List<String> denied,
      List<String> needAccessPoint,
      PlanBuilder b) {
    PermissionQuery query = check.query();
    Set<String> clientDenied = new LinkedHashSet<>(needAccessPoint);
    denied.stream().filter(query.clientActions()::contains).forEach(clientDenied::add);
    List<String> eniDenied = denied.stream().filter(ENI_ACTIONS::contains).toList();
    if (clientDenied.isEmpty() && eniDenied.isEmpty()) {
      return;
    }
    if (query.accessPointArn() == null) {
      b.permissionsNote =
          new Report.Note(
              false,
              "NotCheckedYet",
              "The operator grants "
                  + String.join(", ", denied.isEmpty() ? needAccessPoint : denied)
                  + " to execution role "
                  + query.roleArn()
                  + b.advice(
                      " once the access point exists (spec.iam.mode: Manage).",
                      " once the access point exists, when the mount is declared in a"
                          + " LambdaEfsMount with spec.iam.mode: Manage."));
      return;
    }
    InlinePolicy.Grants before =
        InlinePolicy.grants(
            obs.inlinePolicy() != null && obs.inlinePolicy().isFound()
                ? obs.inlinePolicy().value()
                : null);
    Set<String> client = new LinkedHashSet<>(before.clientActions());
    client.addAll(clientDenied);
    Set<String> accessPoints = new LinkedHashSet<>();
    accessPoints.add(query.accessPointArn());
    fn.fileSystemConfigs().stream()
        .map(FunctionView.MountConfig::accessPointArn)
        .filter(before.accessPoints()::contains)
        .forEach(accessPoints::add);
    Set<String> eni = new LinkedHashSet<>(before.eniActions());
    eni.addAll(eniDenied);
    b.actions.add(
        0,
        new Action.PutRolePolicy(
            query.roleName(),
            desired.inlinePolicyName(),
            InlinePolicy.document(query.fileSystemArn(), client, accessPoints, eni)));
  }

  /**
   * How to read a failed write. Lambda refusing an execution role that the operator verified or
   * granted itself (iam.mode Verify or Manage) means IAM has not propagated the role's policy to
   * Lambda yet: wait and retry, never Stalled. Under Ignore nothing vouches for the role: it
   * stands.
   */
  static AwsError interpret(DesiredMount desired, AwsError failure) {
    if (failure != null
        && desired.iamMode() != IamMode.Ignore
        && failure.is("InvalidParameterValueException")
        && failure.message() != null
        && failure.message().startsWith(ROLE_NOT_YET_VISIBLE)) {
      return new AwsError(AwsError.Kind.PROPAGATING, failure.code(), failure.message());
    }
    return failure;
  }
}
