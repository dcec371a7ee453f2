package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.observe.SubnetView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerTest {
  final Fixtures f = new Fixtures();

  static List<String> reasons(Plan plan) {
    return plan.problems().stream().map(Problem::reason).toList();
  }

  @Test
  void newResourceCreatesAccessPointWithDeterministicTokenAndOpensNfs() {
    Plan plan = f.plan();
    assertThat(plan.actions()).hasSize(3);
    var create = (Action.CreateAccessPoint) plan.actions().get(1);
    assertThat(create.clientToken())
        .isEqualTo(f.desired.clientToken())
        .startsWith("lem-" + Fixtures.UID)
        .hasSizeLessThanOrEqualTo(64);
    assertThat(create.tags())
        .containsEntry(OwnershipTags.OWNER_UID, Fixtures.UID)
        .containsEntry("Name", "lambda-data-ap");
    var nfs = (Action.AuthorizeNfs) plan.actions().get(2);
    assertThat(nfs.groupId()).isEqualTo("sg-0efs");
    assertThat(nfs.egress()).isFalse();
    assertThat(nfs.peerGroupId()).isEqualTo("sg-0lambda");
    assertThat(plan.drift()).isEmpty();
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void theFileSystemIsRecordedOnTheFunctionBeforeAnAccessPointIsCreatedThere() {
    Plan plan = f.plan();
    assertThat(plan.actions().get(0))
        .isInstanceOfSatisfying(
            Action.TagFunction.class,
            t ->
                assertThat(t.tags())
                    .containsEntry(OwnershipTags.OWNER_UID, Fixtures.UID)
                    .containsEntry(OwnershipTags.FILE_SYSTEMS, Fixtures.FS));
    assertThat(plan.actions().get(1)).isInstanceOf(Action.CreateAccessPoint.class);
  }

  @Test
  void clientTokenIsStableAndChangesWithAccessPointSettings() {
    String token = f.desired.clientToken();
    assertThat(
            Fixtures.desired(
                    null,
                    new AccessPointParams(
                        1000, 1000, List.of(), "/lambda-data", 1000L, 1000L, "755"))
                .clientToken())
        .isEqualTo(token);
    assertThat(
            Fixtures.desired(
                    null,
                    new AccessPointParams(
                        1001, 1000, List.of(), "/lambda-data", 1000L, 1000L, "755"))
                .clientToken())
        .isNotEqualTo(token);
  }

  @Test
  void ownedAccessPointIsFoundByTagNotCreatedAgain() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.CreateAccessPoint);
    assertThat(plan.report().accessPoint().id()).isEqualTo("fsap-0000000000000aaaa");
    assertThat(plan.report().accessPoint().owned()).isTrue();
  }

  @Test
  void accessPointStillCreatingIsWaitingAndFunctionIsNotUpdatedYet() {
    AccessPointView ap = f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.accessPoints.set(
        0,
        new AccessPointView(
            ap.id(),
            ap.arn(),
            ap.fileSystemId(),
            "creating",
            1000L,
            1000L,
            List.of(),
            ap.rootPath(),
            true,
            ap.tags()));
    f.nfsOpen();
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("AccessPointCreating", Plan.WAITING_FOR_OTHER_FACET);
    assertThat(plan.problemsOf(Facet.FUNCTION))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("once the access point is available"));
    assertThat(plan.waiting()).isTrue();
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void inSyncResourceHasNoActionsAndNoProblems() {
    f.inSync();
    Plan plan = f.plan();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.inSync()).isTrue();
    assertThat(plan.report().rules())
        .extracting(Report.RuleRef::id)
        .contains("sgr-in", "sgr-egress-all");
  }

  @Test
  void availableAccessPointAndOpenNfsLeadToTaggedFunctionUpdateWithRevisionId() {
    AccessPointView ap = f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    Plan plan = f.plan();
    assertThat(plan.actions()).hasSize(2);
    var tag = (Action.TagFunction) plan.actions().get(0);
    assertThat(tag.tags())
        .containsEntry(OwnershipTags.OWNER_UID, Fixtures.UID)
        .containsEntry(OwnershipTags.ADDED_SUBNETS, "");
    var update = (Action.UpdateFunction) plan.actions().get(1);
    assertThat(update.revisionId()).isEqualTo("rev-1");
    assertThat(update.vpc()).isNull();
    assertThat(update.fileSystemConfigs()).containsExactly(new MountConfig(ap.arn(), "/mnt/data"));
    assertThat(plan.drift()).as("first configuration is not drift").isEmpty();
  }

  @Test
  void specSubnetsAreMergedWithTheFunctionsOwnAndRecordedAsAdded() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    f.functionVpc(List.of("subnet-0aaa111"), List.of("sg-0lambda"));
    f.network(List.of("subnet-0bbb222"), List.of(), true);
    Plan plan = f.plan();
    var update =
        (Action.UpdateFunction)
            plan.actions().stream()
                .filter(a -> a instanceof Action.UpdateFunction)
                .findFirst()
                .orElseThrow();
    assertThat(update.vpc().subnetIds()).containsExactly("subnet-0aaa111", "subnet-0bbb222");
    assertThat(update.vpc().securityGroupIds()).containsExactly("sg-0lambda");
    var tag =
        (Action.TagFunction)
            plan.actions().stream()
                .filter(a -> a instanceof Action.TagFunction)
                .findFirst()
                .orElseThrow();
    assertThat(tag.tags()).containsEntry(OwnershipTags.ADDED_SUBNETS, "subnet-0bbb222");
  }

  @Test
  void mergedVpcConfigKeepsIpv6AllowedForDualStackAsTheFunctionHasIt() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    f.functionVpc(List.of("subnet-0aaa111"), List.of("sg-0lambda"));
    f.dualStack();
    f.network(List.of("subnet-0bbb222"), List.of(), true);

    Action.UpdateFunction update =
        f.plan().actions().stream()
            .filter(Action.UpdateFunction.class::isInstance)
            .map(Action.UpdateFunction.class::cast)
            .findFirst()
            .orElseThrow();

    assertThat(update.vpc())
        .isEqualTo(
            new Action.VpcChange(
                List.of("subnet-0aaa111", "subnet-0bbb222"), List.of("sg-0lambda"), true));
  }

  @Test
  void functionNotFoundIsBlockingAndWritesNothing() {
    f.functionRead =
        Fetched.failed(
            new AwsError(
                AwsError.Kind.NOT_FOUND, "ResourceNotFoundException", "Function not found"));
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("FunctionNotFound");
    assertThat(plan.problems().get(0).message()).contains("file-processor");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void qualifiedFunctionNameIsBlockingAndNamesTheQualifier() {
    for (String name :
        List.of(
            "file-processor:prod",
            "123456789012:function:file-processor:3",
            "arn:aws:lambda:us-east-1:123456789012:function:file-processor:prod")) {
      f.with(
          d ->
              new DesiredMount(
                  d.namespace(),
                  d.name(),
                  d.uid(),
                  d.region(),
                  name,
                  d.fileSystemId(),
                  d.mountPath(),
                  d.readOnly(),
                  d.existingAccessPointId(),
                  d.accessPointParams(),
                  d.accessPointTags(),
                  d.subnetIds(),
                  d.securityGroupIds(),
                  d.manageSecurityGroupRules(),
                  d.driftPolicy(),
                  d.deletionPolicy(),
                  d.iamMode()));
      Plan plan = f.plan();
      assertThat(reasons(plan)).as(name).containsExactly("FunctionNameQualified");
      assertThat(plan.problems().get(0).message())
          .contains(name.substring(name.lastIndexOf(':') + 1), "unqualified function ($LATEST)");
      assertThat(plan.actions()).isEmpty();
    }
    assertThat(FunctionRules.qualifier("arn:aws:lambda:us-east-1:123456789012:function:x"))
        .isNull();
    assertThat(FunctionRules.qualifier("123456789012:function:x")).isNull();
    assertThat(FunctionRules.qualifier("x")).isNull();
  }

  @Test
  void fileSystemNotFoundIsBlockingAndWritesNothing() {
    f.fileSystemRead = Fixtures.error(AwsError.Kind.NOT_FOUND, "FileSystemNotFound");
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("FileSystemNotFound");
    assertThat(plan.problems().get(0).message()).contains(Fixtures.FS);
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void adoptedAccessPointThatDoesNotExistIsBlocking() {
    f.desired = Fixtures.desired("fsap-0123456789abcdef0", null);
    f.adoptedRead = Fixtures.error(AwsError.Kind.NOT_FOUND, "AccessPointNotFound");
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("AccessPointNotFound", Plan.WAITING_FOR_OTHER_FACET);
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void adoptedAccessPointOnAnotherFileSystemIsBlockingAndNamesBoth() {
    f.desired = Fixtures.desired("fsap-0123456789abcdef0", null);
    f.adoptedRead =
        Fetched.found(f.foreignAccessPoint("fsap-0123456789abcdef0", "fs-0ffffffffffffffff"));
    Plan plan = f.plan();
    assertThat(reasons(plan))
        .containsExactly("AccessPointOnOtherFileSystem", Plan.WAITING_FOR_OTHER_FACET);
    assertThat(plan.problems().get(0).message())
        .contains("fs-0ffffffffffffffff")
        .contains(Fixtures.FS);
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void adoptedAccessPointIsMountedButNotOwned() {
    AccessPointView ap = f.foreignAccessPoint("fsap-0123456789abcdef0", Fixtures.FS);
    f.desired = Fixtures.desired("fsap-0123456789abcdef0", null);
    f.nfsOpen();
    Plan plan = f.plan();
    assertThat(plan.report().accessPoint().owned()).isFalse();
    assertThat(plan.actions())
        .noneMatch(
            a -> a instanceof Action.CreateAccessPoint || a instanceof Action.DeleteAccessPoint);
    assertThat(plan.actions())
        .anyMatch(
            a ->
                a instanceof Action.UpdateFunction u
                    && u.fileSystemConfigs().get(0).accessPointArn().equals(ap.arn()));
  }

  @Test
  void functionOutsideVpcWithoutSpecSubnetsIsBlocking() {
    f.functionVpc(List.of(), List.of());
    Plan plan = f.plan();
    assertThat(reasons(plan)).contains("FunctionNotInVpc");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void missingMountTargetInFunctionAzIsAProblem() {
    f.subnets.put(
        "subnet-0ccc333",
        new SubnetView("subnet-0ccc333", "vpc-0a1b2c3d", "use1-az3", "us-east-1c", "10.0.3.0/24"));
    f.functionVpc(List.of("subnet-0aaa111", "subnet-0ccc333"), List.of("sg-0lambda"));
    Plan plan = f.plan();
    assertThat(reasons(plan)).contains("MountTargetMissing");
    assertThat(
            plan.problems().stream()
                .filter(p -> p.reason().equals("MountTargetMissing"))
                .findFirst()
                .orElseThrow()
                .message())
        .contains("subnet-0ccc333")
        .contains("use1-az3");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void mountTargetStillCreatingIsWaiting() {
    var mts = f.fileSystem.mountTargets();
    var creating =
        new FileSystemView.MountTargetView(
            "fsmt-2",
            "subnet-0bbb222",
            "vpc-0a1b2c3d",
            "use1-az2",
            "us-east-1b",
            "creating",
            "10.0.2.10",
            List.of("sg-0efs"));
    f.fileSystem =
        new FileSystemView(
            Fixtures.FS,
            f.fileSystem.arn(),
            "available",
            null,
            List.of(mts.get(0), creating),
            Map.of());
    Plan plan = f.plan();
    assertThat(reasons(plan)).contains("MountTargetNotAvailable");
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void functionInAnotherVpcThanTheMountTargetsIsBlocking() {
    f.subnets.replaceAll(
        (id, s) -> new SubnetView(s.id(), "vpc-0other", s.azId(), s.azName(), s.cidr()));
    Plan plan = f.plan();
    assertThat(reasons(plan)).contains("VpcMismatch");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void subnetsOfDifferentVpcsAreBlocking() {
    f.subnets.put(
        "subnet-0bbb222",
        new SubnetView("subnet-0bbb222", "vpc-0other", "use1-az2", "us-east-1b", "10.9.2.0/24"));
    assertThat(reasons(f.plan())).contains("SubnetsInDifferentVpcs");
  }

  @Test
  void egressRuleIsSkippedWhenDefaultEgressAllowsNfs() {
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.AuthorizeNfs n && n.egress());
  }

  @Test
  void egressRuleIsAddedWhenTheFunctionsEgressIsRestricted() {
    f.rules.removeIf(r -> r.id().equals("sgr-egress-all"));
    Plan plan = f.plan();
    assertThat(plan.actions())
        .anyMatch(
            a ->
                a instanceof Action.AuthorizeNfs n
                    && n.egress()
                    && n.groupId().equals("sg-0lambda")
                    && n.peerGroupId().equals("sg-0efs"));
  }

  @Test
  void foreignRuleSatisfiesTheNeedAndIsReportedNotOwned() {
    f.rules.add(
        new SgRuleView(
            "sgr-theirs", "sg-0efs", false, "tcp", 2000, 2100, "sg-0lambda", null, Map.of()));
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.AuthorizeNfs);
    assertThat(plan.report().rules()).anyMatch(r -> r.id().equals("sgr-theirs") && !r.owned());
  }

  @Test
  void missingNfsRuleWithoutRuleManagementIsBlocking() {
    f.network(List.of(), List.of(), false);
    Plan plan = f.plan();
    assertThat(reasons(plan)).contains("NfsIngressBlocked");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void functionUpdateInProgressIsWaitedFor() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.nfsOpen();
    f.functionStatus("Active", "InProgress", null);
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("FunctionUpdateInProgress");
    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.UpdateFunction);
  }

  @Test
  void failedUpdateOfTheDesiredConfigIsStalledWithLambdasReasonCode() {
    f.inSync();
    f.functionStatus("Active", "Failed", "EFSMountConnectivityError");
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("FunctionUpdateFailed");
    assertThat(plan.problems().get(0).message()).contains("EFSMountConnectivityError");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void functionManagedByAnotherResourceIsBlockingAndNamesIt() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.function = f.functionWith(List.of(), OwnershipTags.of("team-a", "first", "other-uid"));
    Plan plan = f.plan();
    assertThat(reasons(plan)).containsExactly("FunctionAlreadyMounted");
    assertThat(plan.problems().get(0).message()).contains("team-a/first");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void foreignFileSystemConfigOnTheFunctionIsBlocking() {
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.function =
        f.functionWith(
            List.of(
                new MountConfig(Fixtures.AP_ARN_PREFIX + "fsap-0f0f0f0f0f0f0f0f0", "/mnt/other")),
            Map.of());
    assertThat(reasons(f.plan())).containsExactly("FunctionAlreadyMounted");
  }

  @Test
  void ownedAccessPointBeingDeletedOutOfBandIsReplacedNotReportedUnavailable() {
    AccessPointView ap = f.inSync();
    f.accessPoints.replaceAll(
        a ->
            new AccessPointView(
                a.id(),
                a.arn(),
                a.fileSystemId(),
                "deleting",
                a.uid(),
                a.gid(),
                a.secondaryGids(),
                a.rootPath(),
                a.hasCreationInfo(),
                a.tags()));

    Plan plan = f.plan();

    assertThat(reasons(plan)).doesNotContain("AccessPointUnavailable");
    assertThat(plan.drift()).extracting(DriftFinding::kind).contains("AccessPointDeleted");
    assertThat(plan.actions())
        .anyMatch(a -> a instanceof Action.CreateAccessPoint)
        .noneMatch(
            a -> a instanceof Action.DeleteAccessPoint d && d.accessPointId().equals(ap.id()));
  }

  @Test
  void fileSystemConfigRemovedOutOfBandIsDriftAndIsPutBack() {
    AccessPointView ap = f.inSync();
    f.function = f.functionWith(List.of(), f.function.tags());
    Plan plan = f.plan();
    assertThat(plan.drift())
        .extracting(DriftFinding::kind)
        .containsExactly("FileSystemConfigRemoved");
    assertThat(plan.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Action.UpdateFunction.class,
            u ->
                assertThat(u.fileSystemConfigs())
                    .containsExactly(new MountConfig(ap.arn(), "/mnt/data")));
  }

  @Test
  void ownedRuleRevokedOutOfBandIsDrift() {
    f.inSync();
    f.rules.removeIf(r -> r.id().equals("sgr-in"));
    Plan plan = f.plan();
    assertThat(plan.drift()).extracting(DriftFinding::kind).containsExactly("NfsRuleMissing");
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.AuthorizeNfs.class);
  }

  @Test
  void accessPointDeletedOutOfBandIsDriftAndRecreated() {
    f.inSync();
    f.accessPoints.clear();
    Plan plan = f.plan();
    assertThat(plan.drift()).extracting(DriftFinding::kind).containsExactly("AccessPointDeleted");
    assertThat(plan.actions()).singleElement().isInstanceOf(Action.CreateAccessPoint.class);
  }

  @Test
  void supersededOwnedAccessPointIsDeletedOnceTheFunctionMovedOff() {
    AccessPointView old = f.inSync();
    f.desired =
        Fixtures.desired(
            null, new AccessPointParams(2000, 2000, List.of(), "/other", null, null, null));
    Plan switching = f.plan();
    assertThat(switching.actions()).anyMatch(a -> a instanceof Action.CreateAccessPoint);
    assertThat(switching.actions()).noneMatch(a -> a instanceof Action.DeleteAccessPoint);

    f.function = f.functionWith(List.of(), f.function.tags());
    assertThat(f.plan().actions()).contains(new Action.DeleteAccessPoint(old.id()));
  }

  @Test
  void throttledReadIsWaitedOutAndAccessDeniedIsBlocking() {
    f.functionRead = Fixtures.error(AwsError.Kind.THROTTLED, "TooManyRequestsException");
    assertThat(reasons(f.plan())).containsExactly("AwsThrottled");
    assertThat(f.plan().blocked()).isFalse();
    f.functionRead = Fixtures.error(AwsError.Kind.ACCESS_DENIED, "AccessDeniedException");
    assertThat(reasons(f.plan())).containsExactly("AccessDenied");
    assertThat(f.plan().problems().get(0).message()).contains("GetFunction");
  }

  @Test
  void rootDirectoryWithoutCreationInfoIsAWarning() {
    f.accessPoints.add(
        new AccessPointView(
            "fsap-0123456789abcdef0",
            Fixtures.AP_ARN_PREFIX + "fsap-0123456789abcdef0",
            Fixtures.FS,
            "available",
            1000L,
            1000L,
            List.of(),
            "/shared",
            false,
            Map.of()));
    f.desired = Fixtures.desired("fsap-0123456789abcdef0", null);
    Plan plan = f.plan();
    assertThat(plan.problems())
        .anyMatch(
            p ->
                p.reason().equals("RootDirectoryWithoutCreationInfo")
                    && p.severity() == Problem.Severity.WARNING);
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void functionDeletedAfterTheMountWasEstablishedIsDriftAsWellAsAProblem() {
    f.functionRead =
        Fetched.failed(new AwsError(AwsError.Kind.NOT_FOUND, "ResourceNotFoundException", "gone"));
    assertThat(f.plan().drift()).as("never established: a typo, not drift").isEmpty();
    f.desired = f.desired.asEstablished();
    Plan plan = f.plan();
    assertThat(plan.drift()).extracting(DriftFinding::kind).containsExactly("FunctionDeleted");
    assertThat(reasons(plan)).containsExactly("FunctionNotFound");
  }

  @Test
  void fileSystemDeletedAfterTheMountWasEstablishedIsDrift() {
    f.fileSystemRead = Fixtures.error(AwsError.Kind.NOT_FOUND, "FileSystemNotFound");
    f.desired = f.desired.asEstablished();
    assertThat(f.plan().drift())
        .extracting(DriftFinding::kind)
        .containsExactly("FileSystemDeleted");
  }

  @Test
  void functionTakenOutOfItsVpcIsDrift() {
    f.inSync();
    f.function = f.functionWith(List.of(), f.function.tags());
    f.functionVpc(List.of(), List.of());
    Plan plan = f.plan();
    assertThat(plan.drift()).extracting(DriftFinding::kind).contains("FunctionLeftVpc");
    assertThat(reasons(plan)).contains("FunctionNotInVpc");
  }

  @Test
  void mountPathChangedOutOfBandIsDriftAndIsPutBack() {
    AccessPointView ap = f.inSync();
    f.function =
        f.functionWith(List.of(new MountConfig(ap.arn(), "/mnt/elsewhere")), f.function.tags());
    Plan plan = f.plan();
    assertThat(plan.drift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo("FileSystemConfigChanged");
              assertThat(d.actual()).contains("/mnt/elsewhere");
              assertThat(d.desired()).contains("/mnt/data");
            });
  }

  @Test
  void reorderedSubnetsAreNotDrift() {
    f.inSync();
    f.functionVpc(List.of("subnet-0bbb222", "subnet-0aaa111"), List.of("sg-0lambda"));
    Plan plan = f.plan();
    assertThat(plan.drift()).isEmpty();
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void ownedAccessPointOnThePreviousFileSystemIsDeletedOnceTheFunctionMovedOff() {
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
    Plan plan = f.plan();
    assertThat(plan.actions()).contains(new Action.DeleteAccessPoint(left.id()));
  }

  @Test
  void clientTokenDiffersPerFileSystemBecauseTokensAreUniquePerAccount() {
    DesiredMount other =
        new DesiredMount(
            "default",
            "file-processor-data",
            Fixtures.UID,
            null,
            Fixtures.FN,
            "fs-0fedcba987654321",
            "/mnt/data",
            false,
            null,
            f.desired.accessPointParams(),
            Map.of(),
            List.of(),
            List.of(),
            true,
            f.desired.driftPolicy(),
            f.desired.deletionPolicy(),
            f.desired.iamMode());
    assertThat(other.clientToken())
        .isNotEqualTo(f.desired.clientToken())
        .hasSizeLessThanOrEqualTo(64);
  }
}
