package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.PermissionCheck;
import io.lambdaefs.operator.observe.PermissionQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The execution role's permissions: what Lambda needs to mount (ClientMount, ClientWrite unless
 * read-only, on the file system through the access point) and to run in a VPC (the ENI actions).
 * Configuring a mount the role cannot use would make every invocation fail, so a missing permission
 * stops all writes (Verify) or is granted by a least-privilege inline policy (Manage).
 */
final class PermissionRules {
  static final String CLIENT_MOUNT = "elasticfilesystem:ClientMount";
  static final String CLIENT_WRITE = "elasticfilesystem:ClientWrite";
  static final List<String> ENI_ACTIONS =
      List.of(
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface");

  private PermissionRules() {}

  /**
   * What to ask IAM, or null when nothing is to be checked (Ignore) or the access point is not
   * known yet.
   */
  static PermissionQuery query(
      DesiredMount desired, FunctionView fn, FileSystemView fs, AccessPointView ap) {
    if (desired.iamMode() == IamMode.Ignore
        || fn == null
        || fs == null
        || ap == null
        || fn.roleArn() == null) {
      return null;
    }
    List<String> actions = new ArrayList<>();
    actions.add(CLIENT_MOUNT);
    if (!desired.readOnly()) {
      actions.add(CLIENT_WRITE);
    }
    actions.addAll(ENI_ACTIONS);
    return new PermissionQuery(fn.roleArn(), List.copyOf(actions), fs.arn(), ap.arn());
  }

  static void apply(DesiredMount desired, Observation obs, PlanBuilder b) {
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
              "The execution role is checked once the access point is available.");
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
    List<String> denied = check.denied();
    if (denied.isEmpty()) {
      return;
    }
    if (desired.iamMode() == IamMode.Manage) {
      b.actions.add(
          0,
          new Action.PutRolePolicy(
              check.query().roleName(),
              desired.inlinePolicyName(),
              InlinePolicy.document(check.query(), denied)));
      return;
    }
    b.block(
        Facet.PERMISSIONS,
        "MissingPermissions",
        "Execution role "
            + check.query().roleArn()
            + " may not "
            + String.join(", ", denied)
            + " on "
            + check.query().fileSystemArn()
            + " through "
            + check.query().accessPointArn()
            + "; the function would fail with EFSMountFailureException. Grant "
            + "them, or set spec.iam.mode: Manage to let the operator add a least-privilege inline policy.");
  }
}
