package io.lambdaefs.operator.plan;

import static io.lambdaefs.operator.plan.PlannerTest.reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.SgRuleView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NFS between the function and the mount targets when each carries several security groups. */
class NfsRulesTest {
  final Fixtures f = new Fixtures();

  /** The function in sg-0lambda and sg-0extra; both mount targets in sg-0efs and sg-0efs2. */
  private void severalGroupsEachSide() {
    f.functionVpc(List.of("subnet-0aaa111", "subnet-0bbb222"), List.of("sg-0lambda", "sg-0extra"));
    f.fileSystem =
        withMountTargetGroups(List.of("sg-0efs", "sg-0efs2"), List.of("sg-0efs", "sg-0efs2"));
  }

  private FileSystemView withMountTargetGroups(List<String> first, List<String> second) {
    List<MountTargetView> mts = f.fileSystem.mountTargets();
    MountTargetView a = mts.get(0);
    MountTargetView b = mts.get(1);
    return new FileSystemView(
        f.fileSystem.id(),
        f.fileSystem.arn(),
        f.fileSystem.lifeCycleState(),
        null,
        List.of(
            new MountTargetView(
                a.id(),
                a.subnetId(),
                a.vpcId(),
                a.azId(),
                a.azName(),
                a.state(),
                a.ipAddress(),
                first),
            new MountTargetView(
                b.id(),
                b.subnetId(),
                b.vpcId(),
                b.azId(),
                b.azName(),
                b.state(),
                b.ipAddress(),
                second)),
        f.fileSystem.tags());
  }

  private static List<Action.AuthorizeNfs> nfsActions(Plan plan) {
    return plan.actions().stream()
        .filter(Action.AuthorizeNfs.class::isInstance)
        .map(Action.AuthorizeNfs.class::cast)
        .toList();
  }

  @Test
  void nfsIsOpenWhenAnyMountTargetGroupAdmitsAnyFunctionGroup() {
    severalGroupsEachSide();
    f.rules.add(
        new SgRuleView(
            "sgr-any", "sg-0efs2", false, "tcp", 2049, 2049, "sg-0extra", null, Map.of()));

    Plan plan = f.plan();

    assertThat(nfsActions(plan)).isEmpty();
    assertThat(plan.report().rules())
        .anySatisfy(
            r -> {
              assertThat(r.id()).isEqualTo("sgr-any");
              assertThat(r.direction()).isEqualTo("ingress");
              assertThat(r.peerGroupId()).isEqualTo("sg-0extra");
            });
  }

  @Test
  void oneIngressAndOneEgressRulePerMountTargetGroupSetWhereNothingOpensThePath() {
    severalGroupsEachSide();
    f.rules.removeIf(r -> r.id().equals("sgr-egress-all"));

    List<Action.AuthorizeNfs> nfs = nfsActions(f.plan());

    assertThat(nfs)
        .extracting(
            Action.AuthorizeNfs::groupId,
            Action.AuthorizeNfs::egress,
            Action.AuthorizeNfs::peerGroupId)
        .containsExactly(
            tuple("sg-0efs", false, "sg-0lambda"), tuple("sg-0lambda", true, "sg-0efs"));
  }

  @Test
  void egressOfAnyFunctionGroupToAnyMountTargetGroupIsEnough() {
    severalGroupsEachSide();
    f.rules.removeIf(r -> r.id().equals("sgr-egress-all"));
    f.rules.add(
        new SgRuleView(
            "sgr-out", "sg-0extra", true, "tcp", 2049, 2049, "sg-0efs2", null, Map.of()));

    assertThat(nfsActions(f.plan())).noneMatch(Action.AuthorizeNfs::egress);
  }

  @Test
  void ingressFromACidrCoveringTheFunctionsSubnetsIsEnough() {
    severalGroupsEachSide();
    f.rules.add(
        new SgRuleView(
            "sgr-vpc", "sg-0efs2", false, "tcp", 2049, 2049, null, "10.0.0.0/16", Map.of()));
    assertThat(nfsActions(f.plan())).isEmpty();

    f.rules.removeIf(r -> r.id().equals("sgr-vpc"));
    f.rules.add(
        new SgRuleView(
            "sgr-one", "sg-0efs2", false, "tcp", 2049, 2049, null, "10.0.1.0/24", Map.of()));
    assertThat(nfsActions(f.plan()))
        .singleElement()
        .satisfies(a -> assertThat(a.egress()).isFalse());
  }

  @Test
  void mountTargetsWithDifferentGroupSetsEachGetTheirRule() {
    f.fileSystem = withMountTargetGroups(List.of("sg-0efs"), List.of("sg-0efs2"));

    assertThat(nfsActions(f.plan()))
        .extracting(Action.AuthorizeNfs::groupId)
        .containsExactly("sg-0efs", "sg-0efs2");
  }

  @Test
  void groupSetsSharingAGroupShareTheRule() {
    f.fileSystem = withMountTargetGroups(List.of("sg-0efs"), List.of("sg-0efs", "sg-0efs2"));

    assertThat(nfsActions(f.plan()))
        .extracting(Action.AuthorizeNfs::groupId)
        .containsExactly("sg-0efs");
  }

  @Test
  void rulesNameTheGroupTheSpecAddsToTheFunction() {
    f.network(List.of(), List.of("sg-0efs-client"), true);

    assertThat(nfsActions(f.plan()))
        .singleElement()
        .satisfies(a -> assertThat(a.peerGroupId()).isEqualTo("sg-0efs-client"));
  }

  @Test
  void closedPathWithoutRuleManagementNamesEveryGroupOfBothSides() {
    severalGroupsEachSide();
    f.network(List.of(), List.of(), false);

    Plan plan = f.plan();

    assertThat(reasons(plan)).contains("NfsIngressBlocked").doesNotContain("NfsEgressBlocked");
    assertThat(plan.problems().get(0).message())
        .contains("[sg-0efs, sg-0efs2]", "[sg-0lambda, sg-0extra]", "fsmt-1", "fsmt-2");
    assertThat(plan.actions()).isEmpty();
  }
}
