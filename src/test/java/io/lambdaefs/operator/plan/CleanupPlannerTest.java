package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import io.lambdaefs.operator.observe.SgRuleView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CleanupPlannerTest {
  final Fixtures f = new Fixtures();

  @Test
  void detachesTheFileSystemFirstWithAnExplicitEmptyList() {
    f.inSync();
    f.ownedRules.add(
        f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().orElseThrow());
    Plan plan = f.cleanup();
    assertThat(plan.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.UpdateFunction.class,
            u -> {
              assertThat(u.fileSystemConfigs()).isEmpty();
              assertThat(u.revisionId()).isEqualTo("rev-1");
              assertThat(u.vpc()).isNull();
            });
  }

  @Test
  void waitsWhileLambdaIsStillUpdating() {
    f.inSync();
    f.functionStatus("Active", "InProgress", null);
    Plan plan = f.cleanup();
    assertThat(plan.waiting()).isTrue();
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void afterTheDetachRevokesOwnedRulesDeletesOwnedAccessPointsAndRemovesTags() {
    AccessPointView ap = f.inSync();
    SgRuleView owned =
        f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().orElseThrow();
    f.ownedRules.add(owned);
    f.function = f.functionWith(List.of(), f.function.tags());
    Plan plan = f.cleanup();
    assertThat(plan.actions())
        .containsExactly(
            new Action.RevokeRule("sg-0efs", "sgr-in", false),
            new Action.DeleteAccessPoint(ap.id()),
            new Action.UntagFunction(
                Fixtures.FN_ARN,
                List.of(
                    OwnershipTags.MANAGED_BY,
                    OwnershipTags.OWNER,
                    OwnershipTags.OWNER_UID,
                    OwnershipTags.ADDED_SUBNETS,
                    OwnershipTags.ADDED_SECURITY_GROUPS,
                    OwnershipTags.FILE_SYSTEMS)));
  }

  @Test
  void adoptedAccessPointAndForeignRulesAreNeverTouched() {
    AccessPointView adopted = f.foreignAccessPoint("fsap-0123456789abcdef0", Fixtures.FS);
    f.desired = Fixtures.desired("fsap-0123456789abcdef0", null);
    f.rules.add(
        new SgRuleView(
            "sgr-theirs", "sg-0efs", false, "tcp", 2049, 2049, "sg-0lambda", null, Map.of()));
    f.function =
        f.functionWith(
            List.of(new MountConfig(adopted.arn(), "/mnt/data")),
            OwnershipTags.of("default", "file-processor-data", Fixtures.UID));
    Plan detach = f.cleanup();
    assertThat(detach.actions()).singleElement().isInstanceOf(Action.UpdateFunction.class);

    f.function = f.functionWith(List.of(), f.function.tags());
    Plan rest = f.cleanup();
    assertThat(rest.actions())
        .noneMatch(a -> a instanceof Action.DeleteAccessPoint || a instanceof Action.RevokeRule);
  }

  @Test
  void subnetsAndGroupsTheOperatorAddedAreTakenBackWithTheDetach() {
    AccessPointView ap = f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.put(OwnershipTags.ADDED_SUBNETS, "subnet-0bbb222");
    f.function = f.functionWith(List.of(new MountConfig(ap.arn(), "/mnt/data")), tags);
    var update = (Action.UpdateFunction) f.cleanup().actions().get(0);
    assertThat(update.vpc().subnetIds()).containsExactly("subnet-0aaa111");
    assertThat(update.vpc().securityGroupIds()).containsExactly("sg-0lambda");
  }

  @Test
  void aFunctionTheOperatorPutIntoAVpcLeavesItAgain() {
    AccessPointView ap = f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.put(OwnershipTags.ADDED_SUBNETS, "subnet-0aaa111 subnet-0bbb222");
    tags.put(OwnershipTags.ADDED_SECURITY_GROUPS, "sg-0lambda");
    f.function = f.functionWith(List.of(new MountConfig(ap.arn(), "/mnt/data")), tags);
    var update = (Action.UpdateFunction) f.cleanup().actions().get(0);
    assertThat(update.vpc().subnetIds()).isEmpty();
    assertThat(update.vpc().securityGroupIds()).isEmpty();
  }

  @Test
  void aDualStackFunctionLeavesTheVpcWithIpv6AllowedForDualStackOff() {
    AccessPointView ap = f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.put(OwnershipTags.ADDED_SUBNETS, "subnet-0aaa111 subnet-0bbb222");
    tags.put(OwnershipTags.ADDED_SECURITY_GROUPS, "sg-0lambda");
    f.function = f.functionWith(List.of(new MountConfig(ap.arn(), "/mnt/data")), tags);
    f.dualStack();

    var update = (Action.UpdateFunction) f.cleanup().actions().get(0);

    // Lambda refuses true without subnets and keeps the flag when the request leaves it out.
    assertThat(update.vpc()).isEqualTo(new Action.VpcChange(List.of(), List.of(), false));
  }

  @Test
  void aDualStackFunctionKeepsIpv6AllowedForDualStackWhenOnlyAddedSubnetsAreTakenBack() {
    AccessPointView ap = f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.put(OwnershipTags.ADDED_SUBNETS, "subnet-0bbb222");
    f.function = f.functionWith(List.of(new MountConfig(ap.arn(), "/mnt/data")), tags);
    f.dualStack();

    var update = (Action.UpdateFunction) f.cleanup().actions().get(0);

    assertThat(update.vpc())
        .isEqualTo(new Action.VpcChange(List.of("subnet-0aaa111"), List.of("sg-0lambda"), true));
  }

  @Test
  void nothingLeftMeansCleanupIsComplete() {
    assertThat(f.cleanup().actions()).isEmpty();
    assertThat(f.cleanup().inSync()).isTrue();
  }

  @Test
  void rulesAnotherMountReliesOnAreHandedOverNotRevoked() {
    f.inSync();
    SgRuleView owned =
        f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().orElseThrow();
    f.ownedRules.add(owned);
    f.function = f.functionWith(List.of(), f.function.tags());
    Map<String, String> heir = OwnershipTags.of("team-b", "reports", "uid-b");
    f.ruleHeirs = Fetched.found(Map.of("sgr-in", heir));
    Plan plan = f.cleanup();
    assertThat(plan.actions())
        .contains(new Action.HandOverRule("sg-0efs", "sgr-in", heir))
        .noneMatch(a -> a instanceof Action.RevokeRule);
  }

  @Test
  void ownedAccessPointLeftOnAPreviousFileSystemIsDeletedToo() {
    f.inSync();
    var left =
        new AccessPointView(
            "fsap-0000000000000bbbb",
            Fixtures.AP_ARN_PREFIX + "fsap-0000000000000bbbb",
            "fs-0previous00000000",
            "available",
            1000L,
            1000L,
            List.of(),
            "/lambda-data",
            true,
            OwnershipTags.of("default", "file-processor-data", Fixtures.UID));
    f.elsewhere = Fetched.found(List.of(left));
    f.function = f.functionWith(List.of(), f.function.tags());
    assertThat(f.cleanup().actions()).contains(new Action.DeleteAccessPoint(left.id()));
  }

  @Test
  void cleanupTakesBackWhatItOwnsEvenWhenTheNamespaceMayNoLongerUseTheFunction() {
    f.inSync();
    f.functionNamespaces = "team-b";
    f.fileSystemNamespaces = null;
    assertThat(f.cleanup().actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.UpdateFunction.class, u -> assertThat(u.fileSystemConfigs()).isEmpty());
  }

  @Test
  void aFailedFileSystemReadIsNeverNothingThere() {
    f.inSync();
    f.ownedRules.add(
        f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().orElseThrow());
    // The observer cannot list the access points of a file system it could not read.
    f.fileSystemRead = Fixtures.error(AwsError.Kind.THROTTLED, "ThrottlingException");
    f.accessPointsRead = null;
    Plan plan = f.cleanup();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.waiting()).isTrue();
    assertThat(plan.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).isEqualTo("AwsThrottled"));
  }

  @Test
  void aFailedAccessPointReadIsNeverNothingThere() {
    f.inSync();
    f.accessPointsRead = Fixtures.error(AwsError.Kind.RETRYABLE, "InternalServerError");
    Plan plan = f.cleanup();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.waiting()).isTrue();
  }

  @Test
  void aFailedInlinePolicyReadIsNeverNothingThere() {
    f.inSync();
    f.function = f.functionWith(List.of(), f.function.tags());
    f.inlinePolicy = Fixtures.error(AwsError.Kind.THROTTLED, "Throttling");
    Plan plan = f.cleanup();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.waiting()).isTrue();
  }

  @Test
  void aMountOfAnAccessPointDeletedOutOfBandIsDetachedToo() {
    AccessPointView ap = f.inSync();
    f.accessPoints.remove(ap);
    Plan plan = f.cleanup();
    assertThat(plan.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.UpdateFunction.class, u -> assertThat(u.fileSystemConfigs()).isEmpty());
  }

  @Test
  void onlyRulesCarryingTheOperatorsTagsAndThisResourcesUidAreRevoked() {
    f.inSync();
    f.function = f.functionWith(List.of(), f.function.tags());
    Map<String, String> uidOnly = Map.of(OwnershipTags.OWNER_UID, Fixtures.UID);
    Map<String, String> another = new HashMap<>(OwnershipTags.of("default", "x", "other-uid"));
    f.ownedRules.add(
        new SgRuleView(
            "sgr-uid-only", "sg-0efs", false, "tcp", 2049, 2049, "sg-0lambda", null, uidOnly));
    f.ownedRules.add(
        new SgRuleView(
            "sgr-another", "sg-0efs", false, "tcp", 2049, 2049, "sg-0lambda", null, another));
    assertThat(f.cleanup().actions())
        .noneMatch(a -> a instanceof Action.RevokeRule || a instanceof Action.HandOverRule);
  }

  @Test
  void theInlinePolicyOfARoleWhoseOwnerTookTheOptInBackIsLeftAndSaidSo() {
    f.inSync();
    f.function = f.functionWith(List.of(), f.function.tags());
    f.iamMode(IamMode.Manage);
    f.inlinePolicy = Fetched.found("{}");
    assertThat(f.cleanup().actions())
        .contains(new Action.DeleteRolePolicy("lambda-efs-role", f.desired.inlinePolicyName()));

    f.roleTags = Fetched.found(Map.of());
    Plan plan = f.cleanup();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.DeleteRolePolicy);
    assertThat(plan.blocked()).isFalse();
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
              assertThat(p.reason()).isEqualTo("InlinePolicyLeft");
              assertThat(p.message())
                  .contains(
                      "aws iam delete-role-policy --role-name lambda-efs-role --policy-name "
                          + f.desired.inlinePolicyName());
            });
  }

  @Test
  void aMountOfAnotherAccessPointOfTheFileSystemIsNotTheOperatorsToDetach() {
    f.inSync();
    AccessPointView theirs = f.foreignAccessPoint("fsap-0123456789abcdef0", Fixtures.FS);
    f.function =
        f.functionWith(List.of(new MountConfig(theirs.arn(), "/mnt/data")), f.function.tags());
    assertThat(f.cleanup().actions()).noneMatch(Action.UpdateFunction.class::isInstance);
  }
}
