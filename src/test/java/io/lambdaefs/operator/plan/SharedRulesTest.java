package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.SgRuleView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who relies on a shared NFS rule, and what a resource does with one it holds and no longer needs.
 */
class SharedRulesTest {
  final Fixtures f = new Fixtures();

  private static final SgRuleView INGRESS =
      new SgRuleView(
          "sgr-in",
          "sg-0efs",
          false,
          "tcp",
          2049,
          2049,
          "sg-0lambda",
          null,
          OwnershipTags.of("default", "file-processor-data", Fixtures.UID));

  @Test
  void aResourceReliesOnAnIngressRuleFromOneOfItsFunctionsGroupsIntoItsMountTargets() {
    assertThat(SharedRules.reliesOn(f.desired, f.function, f.fileSystem, INGRESS)).isTrue();
    f.functionVpc(f.function.subnetIds(), List.of("sg-0other"));
    assertThat(SharedRules.reliesOn(f.desired, f.function, f.fileSystem, INGRESS)).isFalse();
  }

  @Test
  void aGroupTheSpecAddsToTheFunctionCountsAsTheFunctions() {
    f.functionVpc(f.function.subnetIds(), List.of("sg-0other"));
    DesiredMount adds = f.network(List.of(), List.of("sg-0lambda"), true);
    assertThat(SharedRules.reliesOn(adds, f.function, f.fileSystem, INGRESS)).isTrue();
  }

  @Test
  void aResourceOnAFileSystemWhoseMountTargetsAreInOtherGroupsCannotRelyOnTheRule() {
    FileSystemView elsewhere =
        new FileSystemView("fs-0other0000000000", "arn", "available", null, List.of());
    assertThat(SharedRules.mayRelyOn(elsewhere, INGRESS)).isFalse();
    assertThat(SharedRules.mayRelyOn(f.fileSystem, INGRESS)).isTrue();
  }

  @Test
  void anEgressRuleIsReliedOnFromTheFunctionsGroupTowardsTheMountTargets() {
    SgRuleView egress =
        new SgRuleView("sgr-out", "sg-0lambda", true, "tcp", 2049, 2049, "sg-0efs", null, Map.of());
    assertThat(SharedRules.reliesOn(f.desired, f.function, f.fileSystem, egress)).isTrue();
  }

  @Test
  void aRuleTheResourceHoldsForAGroupItsFunctionLeftIsRevokedOnceNobodyReliesOnIt() {
    swappedToANewGroup();
    Plan first = f.plan();
    assertThat(first.releasing()).extracting(SgRuleView::id).containsExactly("sgr-in");

    Plan plan = f.plan();
    assertThat(plan.actions())
        .containsSubsequence(
            new Action.AuthorizeNfs("sg-0efs", false, "sg-0new", f.desired.ownershipTags()),
            new Action.RevokeRule("sg-0efs", "sgr-in", false));
  }

  @Test
  void aRuleTheResourceNoLongerNeedsIsHandedOverToAResourceThatReliesOnIt() {
    swappedToANewGroup();
    Map<String, String> heir = OwnershipTags.of("team-b", "reports", "uid-b");
    f.ruleHeirs = Fetched.found(Map.of("sgr-in", heir));
    assertThat(f.plan().actions())
        .contains(new Action.HandOverRule("sg-0efs", "sgr-in", heir))
        .noneMatch(Action.RevokeRule.class::isInstance);
  }

  @Test
  void whileWhoReliesOnARuleCannotBeReadNothingIsRevoked() {
    swappedToANewGroup();
    f.ruleHeirs = Fixtures.error(AwsError.Kind.THROTTLED, "TooManyRequestsException");
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(Action.RevokeRule.class::isInstance);
    assertThat(plan.waiting()).isTrue();
  }

  @Test
  void beforeWhoReliesOnARuleIsKnownNothingIsRevokedAndThePlanIsNotComplete() {
    swappedToANewGroup();
    f.ruleHeirs = null;
    Plan plan = f.plan();
    assertThat(plan.actions()).noneMatch(Action.RevokeRule.class::isInstance);
    assertThat(plan.problems()).anyMatch(p -> p.reason().equals("CheckingSharedRules"));
  }

  @Test
  void aRuleThatStillOpensTheResourcesPathIsNeverReleased() {
    f.inSync();
    f.ownedRules.add(f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().get());
    assertThat(f.plan().releasing()).isEmpty();
    assertThat(f.plan().actions()).isEmpty();
  }

  @Test
  void nothingIsReleasedWhileTheNetworkIsNotKnown() {
    swappedToANewGroup();
    f.rulesRead = Fixtures.error(AwsError.Kind.THROTTLED, "RequestLimitExceeded");
    assertThat(f.plan().releasing()).isEmpty();
  }

  /** The function's security group swapped out of band: the operator's rule names the old one. */
  private void swappedToANewGroup() {
    f.inSync();
    f.ownedRules.add(f.rules.stream().filter(r -> r.id().equals("sgr-in")).findFirst().get());
    f.functionVpc(f.function.subnetIds(), List.of("sg-0new"));
    f.rules.add(
        new SgRuleView("sgr-new-all", "sg-0new", true, "-1", -1, -1, null, "0.0.0.0/0", Map.of()));
  }
}
