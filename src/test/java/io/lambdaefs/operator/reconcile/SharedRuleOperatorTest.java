package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_A;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.mockwebserver.http.MockResponse;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/**
 * One NFS rule serves every mount whose path it opens; it is held by one of them (its owner tags)
 * and who else relies on it is decided from the live resources' specs and their functions in AWS,
 * never from a status.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SharedRuleOperatorTest {
  private static final String OTHER_FUNCTION = "report-generator";
  private static final String OTHER_SG = "sg-0other";

  @RegisterExtension
  final OperatorHarness harness = OperatorHarness.startWithWorld("shared-security-group.yaml");

  @Test
  void deletingOneOfTwoMountsSharingARuleWithEveryStatusDeletedLeavesTheOtherMounted() {
    String filesUid = createReady("files", FUNCTION);
    String reportsUid = createReady("reports", OTHER_FUNCTION);
    String mounted = mountedArn(OTHER_FUNCTION);
    assertThat(ingressFrom(LAMBDA_SG).tags())
        .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(filesUid));

    // A restore from a backup brings the resources back without their status, and the one left
    // cannot report again before the other's deletion is over.
    harness.stopOperator();
    harness.deleteStatus("files");
    harness.deleteStatus("reports");
    assertThat(harness.get("reports").getStatus()).isNull();
    harness
        .kubernetes()
        .intercept(
            (request, next) ->
                request.getPath().contains("/lambdaefsmounts/reports/status")
                    ? new MockResponse().setResponseCode(503)
                    : next.apply(request));
    harness.delete("files");
    harness.startOperator();
    harness.awaitGone("files");

    assertThat(harness.sim().calls().count("EC2:RevokeSecurityGroupIngress")).isZero();
    assertThat(ingressFrom(LAMBDA_SG).tags())
        .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(reportsUid));
    assertThat(mountedArn(OTHER_FUNCTION)).isEqualTo(mounted);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, filesUid)).isEmpty();

    // Once it can report again it is Ready, and stays so (its retries of the refused status patches
    // may report once more first).
    harness.kubernetes().intercept(null);
    harness.awaitReady("reports");
    OperatorHarness.letTimePass(OperatorHarness.SLOW_RECHECK);
    harness.awaitReady("reports");
    harness.assertSteady("reports", OperatorHarness.POLL_INTERVAL.multipliedBy(4));
  }

  @Test
  void aRuleForAGroupTheFunctionLeftIsHandedToAMountThatStillReliesOnIt() {
    String filesUid = createReady("files", FUNCTION);
    String reportsUid = createReady("reports", OTHER_FUNCTION);
    String shared = ingressFrom(LAMBDA_SG).securityGroupRuleId();

    harness
        .sim()
        .console()
        .setFunctionVpcConfig(FUNCTION, List.of(SUBNET_A, SUBNET_B), List.of(OTHER_SG));

    await("a rule for " + OTHER_SG + " and the old one handed over")
        .atMost(OperatorHarness.TIMEOUT)
        .until(
            () ->
                harness.nfsRules(MOUNT_TARGET_SG, false).size() == 2
                    && ownerOf(shared).equals(reportsUid));
    harness.awaitReady("files");
    harness.awaitReady("reports");
    assertThat(harness.sim().calls().count("EC2:RevokeSecurityGroupIngress")).isZero();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .filteredOn(r -> OTHER_SG.equals(r.referencedGroupInfo().groupId()))
        .singleElement()
        .satisfies(r -> assertThat(ownerOf(r.securityGroupRuleId())).isEqualTo(filesUid));
  }

  @Test
  void aRuleForAGroupTheFunctionLeftIsRevokedOnceNothingReliesOnIt() {
    String uid = createReady("files", FUNCTION);
    String old = ingressFrom(LAMBDA_SG).securityGroupRuleId();

    harness
        .sim()
        .console()
        .setFunctionVpcConfig(FUNCTION, List.of(SUBNET_A, SUBNET_B), List.of(OTHER_SG));

    await("only the rule for " + OTHER_SG + " to be left")
        .atMost(OperatorHarness.TIMEOUT)
        .until(
            () ->
                harness.nfsRules(MOUNT_TARGET_SG, false).stream()
                    .map(r -> r.referencedGroupInfo().groupId())
                    .toList()
                    .equals(List.of(OTHER_SG)));
    harness.awaitReady("files");
    assertThat(harness.sim().inspect().rules(MOUNT_TARGET_SG))
        .noneMatch(r -> r.securityGroupRuleId().equals(old));
    assertThat(ownerOf(ingressFrom(OTHER_SG).securityGroupRuleId())).isEqualTo(uid);
  }

  private String createReady(String name, String function) {
    LambdaEfsMount m = ExampleMounts.creating(name);
    m.getSpec().setFunctionName(function);
    harness.create(m);
    return harness.awaitReady(name).getMetadata().getUid();
  }

  /** The mount targets' NFS ingress rule from this group. */
  private SecurityGroupRule ingressFrom(String group) {
    return harness.nfsRules(MOUNT_TARGET_SG, false).stream()
        .filter(r -> group.equals(r.referencedGroupInfo().groupId()))
        .findFirst()
        .orElseThrow();
  }

  private String ownerOf(String ruleId) {
    return harness.sim().inspect().rules(MOUNT_TARGET_SG).stream()
        .filter(r -> r.securityGroupRuleId().equals(ruleId))
        .flatMap(r -> r.tags().stream())
        .filter(t -> t.key().equals(OwnershipTags.OWNER_UID))
        .map(t -> t.value())
        .findFirst()
        .orElse("");
  }

  private String mountedArn(String function) {
    return harness.sim().inspect().function(function).fileSystemConfigs().get(0).arn();
  }
}
