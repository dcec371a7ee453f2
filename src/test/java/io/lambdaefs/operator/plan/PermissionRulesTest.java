package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.PermissionCheck;
import io.lambdaefs.operator.observe.PermissionQuery;
import io.lambdaefs.operator.observe.RouteView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionRulesTest {
  final Fixtures f = new Fixtures();

  private DesiredMount withIam(IamMode mode, boolean readOnly) {
    return f.with(
        d ->
            new DesiredMount(
                d.namespace(),
                d.name(),
                d.uid(),
                d.region(),
                d.functionName(),
                d.fileSystemId(),
                d.mountPath(),
                readOnly,
                d.existingAccessPointId(),
                d.accessPointParams(),
                d.accessPointTags(),
                d.subnetIds(),
                d.securityGroupIds(),
                d.manageSecurityGroupRules(),
                d.driftPolicy(),
                d.deletionPolicy(),
                mode));
  }

  private void iamSays(String... denied) {
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    Map<String, String> decisions = new HashMap<>();
    q.actions().forEach(a -> decisions.put(a, "allowed"));
    for (String a : denied) {
      decisions.put(a, "implicitDeny");
    }
    f.permissions = Fetched.found(new PermissionCheck(q, decisions));
  }

  @Test
  void queryAsksForMountWriteAndEniActionsOnTheFileSystemThroughTheAccessPoint() {
    var ap = f.inSync();
    PermissionQuery q = new Planner().permissionQuery(f.desired, f.observation());
    assertThat(q.roleArn()).endsWith(":role/lambda-efs-role");
    assertThat(q.actions())
        .containsExactly(
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite",
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DeleteNetworkInterface");
    assertThat(q.fileSystemArn()).isEqualTo(f.fileSystem.arn());
    assertThat(q.accessPointArn()).isEqualTo(ap.arn());
  }

  @Test
  void readOnlyMountDoesNotNeedClientWrite() {
    f.inSync();
    withIam(IamMode.Verify, true);
    assertThat(new Planner().permissionQuery(f.desired, f.observation()).actions())
        .doesNotContain("elasticfilesystem:ClientWrite");
  }

  @Test
  void nothingIsAskedBeforeTheAccessPointExistsOrWhenIgnored() {
    assertThat(new Planner().permissionQuery(f.desired, f.observation())).isNull();
    f.inSync();
    withIam(IamMode.Ignore, false);
    assertThat(new Planner().permissionQuery(f.desired, f.observation())).isNull();
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
    withIam(IamMode.Manage, false);
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
  void allowedPermissionsLeaveNoProblem() {
    f.inSync();
    iamSays();
    assertThat(f.plan().problems()).isEmpty();
  }

  @Test
  void cleanupDeletesTheManagedInlinePolicyOnlyWhenItExists() {
    f.inSync();
    withIam(IamMode.Manage, false);
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
