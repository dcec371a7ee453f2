package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.PermissionCheck;
import io.lambdaefs.operator.observe.PermissionQuery;
import io.lambdaefs.operator.observe.RouteView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionRulesTest {
  final Fixtures f = new Fixtures();

  static final String FS_POLICY =
      "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\","
          + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";

  /** The file system policy the check saw: null for none (EFS's default policy). */
  private String fileSystemPolicy = FS_POLICY;

  /** IAM's answer: every action allowed except these, which are implicitly denied. */
  private void iamSays(String... denied) {
    iamSays(Map.of(), denied);
  }

  private void iamSays(Map<String, List<String>> missingContext, String... denied) {
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    Map<String, PermissionCheck.Verdict> verdicts = new HashMap<>();
    q.actions().forEach(a -> verdicts.put(a, new PermissionCheck.Verdict("allowed", List.of())));
    for (String a : denied) {
      verdicts.put(
          a,
          new PermissionCheck.Verdict("implicitDeny", missingContext.getOrDefault(a, List.of())));
    }
    f.permissions =
        Fetched.found(
            new PermissionCheck(
                q,
                fileSystemPolicy == null
                    ? Fixtures.error(AwsError.Kind.NOT_FOUND, "PolicyNotFound")
                    : Fetched.found(fileSystemPolicy),
                verdicts));
  }

  @Test
  void queryAsksForMountAndWriteOnTheFileSystemAndTheEniActionsOnEc2Resources() {
    var ap = f.inSync();
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    assertThat(q.roleArn()).endsWith(":role/lambda-efs-role");
    assertThat(q.clientActions())
        .containsExactly("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
    assertThat(q.fileSystemArn()).isEqualTo(f.fileSystem.arn());
    assertThat(q.accessPointArn()).isEqualTo(ap.arn());
    String ec2 = "arn:aws:ec2:us-east-1:123456789012:";
    assertThat(q.networkActions())
        .containsEntry(
            "ec2:CreateNetworkInterface",
            List.of(
                ec2 + "network-interface/*",
                ec2 + "subnet/subnet-0aaa111",
                ec2 + "subnet/subnet-0bbb222",
                ec2 + "security-group/sg-0lambda"))
        .containsEntry("ec2:DescribeNetworkInterfaces", List.of("*"))
        .containsEntry("ec2:DeleteNetworkInterface", List.of(ec2 + "network-interface/*"));
    assertThat(q.networkActions().values())
        .as("the ENI actions are never asked about on the file system")
        .noneMatch(resources -> resources.contains(f.fileSystem.arn()));
  }

  @Test
  void eniResourcesAreInThePartitionOfTheFunctionsRegion() {
    f.inSync();
    f.function = f.functionArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:file-processor");
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    assertThat(q.networkActions().get("ec2:DeleteNetworkInterface"))
        .containsExactly("arn:aws-cn:ec2:cn-north-1:123456789012:network-interface/*");
  }

  @Test
  void readOnlyMountDoesNotNeedClientWrite() {
    f.inSync();
    f.withIam(IamMode.Verify, true);
    assertThat(new Planner().permissionQuery(f.desired, f.observation()).clientActions())
        .doesNotContain("elasticfilesystem:ClientWrite");
  }

  @Test
  void theRoleIsAskedAboutBeforeTheAccessPointExistsButNotWhenIgnored() {
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    assertThat(q).isNotNull();
    assertThat(q.accessPointArn()).isNull();
    f.inSync();
    f.withIam(IamMode.Ignore, false);
    assertThat(new Planner().permissionQuery(f.desired, f.observation())).isNull();
  }

  @Test
  void missingClientWriteBeforeTheAccessPointExistsIsAProblemBeforeAnythingIsCreated() {
    f.nfsOpen();
    iamSays("elasticfilesystem:ClientWrite");
    Plan plan = f.plan();
    assertThat(PlannerTest.reasons(plan)).contains("MissingPermissions");
    assertThat(plan.blocked()).isTrue();
    assertThat(plan.problems().get(0).message()).contains("elasticfilesystem:ClientWrite");
    assertThat(plan.actions())
        .as("no access point is created for a role that cannot use it")
        .isEmpty();
  }

  @Test
  void aDenialOnlyForWantOfTheAccessPointIsNotCheckableYet() {
    f.nfsOpen();
    iamSays(
        Map.of(
            "elasticfilesystem:ClientMount", List.of("elasticfilesystem:AccessPointArn"),
            "elasticfilesystem:ClientWrite", List.of("elasticfilesystem:AccessPointArn")),
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite");
    Plan plan = f.plan();
    assertThat(plan.blocked()).isFalse();
    assertThat(plan.report().permissionsNote().reason()).isEqualTo("NotCheckedYet");
    assertThat(plan.actions()).anyMatch(a -> a instanceof Action.CreateAccessPoint);
  }

  @Test
  void aDenialWithOtherMissingContextIsAProblem() {
    f.nfsOpen();
    iamSays(
        Map.of("elasticfilesystem:ClientMount", List.of("aws:SourceVpc")),
        "elasticfilesystem:ClientMount");
    assertThat(PlannerTest.reasons(f.plan())).contains("MissingPermissions");
  }

  @Test
  void withoutAFileSystemPolicyTheRoleNeedsNoClientActions() {
    f.inSync();
    fileSystemPolicy = null;
    iamSays("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
    Plan plan = f.plan();
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.report().permissionsNote()).isNull();
  }

  @Test
  void withoutAFileSystemPolicyTheEniActionsAreStillNeeded() {
    f.inSync();
    fileSystemPolicy = null;
    iamSays("ec2:CreateNetworkInterface");
    Plan plan = f.plan();
    assertThat(PlannerTest.reasons(plan)).containsExactly("MissingPermissions");
    assertThat(plan.problems().get(0).message())
        .contains("ec2:CreateNetworkInterface", "network interfaces in the function's subnets")
        .doesNotContain("file system policy");
  }

  @Test
  void anUnreadableFileSystemPolicyIsAnAccessDeniedNamingTheAction() {
    f.inSync();
    iamSays();
    PermissionCheck c = f.permissions.value();
    f.permissions =
        Fetched.found(
            new PermissionCheck(
                c.query(),
                Fixtures.error(AwsError.Kind.ACCESS_DENIED, "AccessDeniedException"),
                c.verdicts()));
    Plan plan = f.plan();
    assertThat(PlannerTest.reasons(plan)).containsExactly("AccessDenied");
    assertThat(plan.problems().get(0).message())
        .contains("elasticfilesystem:DescribeFileSystemPolicy");
  }

  @Test
  void missingClientMountUnderVerifyIsBlockingAndListsTheActions() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    iamSays("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
    Plan plan = f.plan();
    assertThat(PlannerTest.reasons(plan)).containsExactly("MissingPermissions");
    assertThat(plan.problems().get(0).message())
        .contains("elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite")
        .contains("lambda-efs-role");
    assertThat(plan.actions()).as("no function update that would break invocations").isEmpty();
  }

  @Test
  void missingPermissionsUnderManageAddALeastPrivilegeInlinePolicyConditionedOnTheAccessPoint() {
    var ap = f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    f.withIam(IamMode.Manage, false);
    iamSays("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
    Plan plan = f.plan();
    var put =
        plan.actions().stream()
            .filter(Action.PutRolePolicy.class::isInstance)
            .map(Action.PutRolePolicy.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(put.roleName()).isEqualTo("lambda-efs-role");
    assertThat(put.policyName()).isEqualTo("lambda-efs-default-file-processor-data");
    assertThat(put.document())
        .contains("\"Resource\":\"" + f.fileSystem.arn() + "\"")
        .contains("\"elasticfilesystem:AccessPointArn\":\"" + ap.arn() + "\"")
        .contains("elasticfilesystem:ClientMount")
        .doesNotContain("ec2:");
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void manageKeepsWhatItGrantedWhenTheAccessPointChanges() {
    var current = f.inSync();
    String previous =
        "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-00000000000000bbb";
    f.function =
        f.functionWith(
            List.of(new FunctionView.MountConfig(previous, "/mnt/data")), f.function.tags());
    f.withIam(IamMode.Manage, false);
    f.inlinePolicy =
        Fetched.found(
            InlinePolicy.document(
                f.fileSystem.arn(),
                List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"),
                List.of(previous),
                PermissionRules.ENI_ACTIONS));
    // The role has the ENI actions only through the operator's policy; the new access point is not
    // in it.
    iamSays("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
    var put =
        (Action.PutRolePolicy)
            f.plan().actions().stream()
                .filter(a -> a instanceof Action.PutRolePolicy)
                .findFirst()
                .orElseThrow();
    InlinePolicy.Grants grants = InlinePolicy.grants(put.document());
    assertThat(grants.eniActions())
        .as("the ENI grant stays")
        .containsExactlyElementsOf(PermissionRules.ENI_ACTIONS);
    assertThat(grants.accessPoints())
        .as("the new access point, and the one the function mounts until Lambda switches it")
        .containsExactly(current.arn(), previous);
    assertThat(grants.clientActions())
        .containsExactly("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");
  }

  @Test
  void manageGrantsTheMountOnlyOnceTheAccessPointExists() {
    f.nfsOpen();
    f.withIam(IamMode.Manage, false);
    iamSays("elasticfilesystem:ClientMount");
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.PutRolePolicy);
    assertThat(plan.actions()).anyMatch(a -> a instanceof Action.CreateAccessPoint);
    assertThat(plan.report().permissionsNote().message()).contains("once the access point exists");
  }

  @Test
  void lambdaRefusingAVerifiedRoleIsIamPropagationUnlessTheRoleIsIgnored() {
    AwsError refused =
        new AwsError(
            AwsError.Kind.TERMINAL,
            "InvalidParameterValueException",
            "The provided execution role does not have permissions to call CreateNetworkInterface on EC2");
    assertThat(new Planner().interpret(f.desired, refused).kind())
        .isEqualTo(AwsError.Kind.PROPAGATING);
    assertThat(new Planner().interpret(f.desired, refused).retryable()).isTrue();
    f.withIam(IamMode.Manage, false);
    assertThat(new Planner().interpret(f.desired, refused).kind())
        .isEqualTo(AwsError.Kind.PROPAGATING);
    f.withIam(IamMode.Ignore, false);
    assertThat(new Planner().interpret(f.desired, refused)).isEqualTo(refused);
    AwsError other =
        new AwsError(AwsError.Kind.TERMINAL, "InvalidParameterValueException", "Subnets differ");
    f.withIam(IamMode.Verify, false);
    assertThat(new Planner().interpret(f.desired, other)).isEqualTo(other);
  }

  @Test
  void allowedPermissionsLeaveNoProblem() {
    f.inSync();
    iamSays();
    assertThat(f.plan().problems()).isEmpty();
  }

  @Test
  void cleanupDeletesTheManagedInlinePolicyOnlyWhenItExists() {
    f.inSync();
    f.withIam(IamMode.Manage, false);
    f.function = f.functionWith(List.of(), f.function.tags());
    f.inlinePolicy = Fetched.found("{}");
    assertThat(f.cleanup().actions())
        .contains(
            new Action.DeleteRolePolicy(
                "lambda-efs-role", "lambda-efs-default-file-processor-data"));
    f.inlinePolicy = Fixtures.error(AwsError.Kind.NOT_FOUND, "NoSuchEntity");
    assertThat(f.cleanup().actions()).noneMatch(a -> a instanceof Action.DeleteRolePolicy);
  }

  @Test
  void movingAFunctionWithoutVpcIntoSubnetsWithoutNatWarns() {
    f.functionVpc(List.of(), List.of());
    f.network(List.of("subnet-0aaa111", "subnet-0bbb222"), List.of("sg-0lambda"), true);
    f.routes =
        Fetched.found(
            List.of(
                new RouteView("subnet-0aaa111", true, "rtb-0aaa", false),
                new RouteView("subnet-0bbb222", false, "rtb-0main", true)));
    Plan plan = f.plan();
    assertThat(plan.problems())
        .anyMatch(
            p ->
                p.reason().equals("NoInternetAfterVpcMove")
                    && p.severity() == Problem.Severity.WARNING
                    && p.message().contains("subnet-0bbb222")
                    && !p.message().contains("subnet-0aaa111"));
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void aFailedRouteReadWaitsRatherThanMovingTheFunctionUnwarned() {
    f.functionVpc(List.of(), List.of());
    f.network(List.of("subnet-0aaa111", "subnet-0bbb222"), List.of("sg-0lambda"), true);
    f.routes = Fixtures.error(AwsError.Kind.THROTTLED, "RequestLimitExceeded");
    Plan plan = f.plan();
    assertThat(plan.waiting()).isTrue();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.UpdateFunction);
  }
}
