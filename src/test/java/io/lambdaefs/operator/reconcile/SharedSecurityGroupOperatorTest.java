package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.SecurityGroupRuleStatus;
import io.lambdaefs.operator.aws.OwnershipTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Two functions in the same security group mount the same file system: one NFS rule serves both,
 * and deleting one mount must not cut the other one off.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SharedSecurityGroupOperatorTest {
  private static final String OTHER_FUNCTION = "report-generator";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.startWithWorld("shared-security-group.yaml");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void deletingOneMountKeepsTheNfsRuleTheOtherReliesOn() {
    harness.create(ExampleMounts.creating("files"));
    String filesUid = harness.awaitReady("files").getMetadata().getUid();
    LambdaEfsMount reports = ExampleMounts.creating("reports");
    reports.getSpec().setFunctionName(OTHER_FUNCTION);
    harness.create(reports);
    LambdaEfsMount reportsReady = harness.awaitReady("reports");

    // One rule serves both; it was made (and tagged) for the first, the second relies on it without
    // owning it.
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.tags())
                    .anyMatch(
                        t ->
                            t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(filesUid)));
    assertThat(reportsReady.getStatus().getSecurityGroupRules())
        .filteredOn(r -> "ingress".equals(r.getDirection()) && LAMBDA_SG.equals(r.getPeerGroupId()))
        .extracting(SecurityGroupRuleStatus::getOwned)
        .containsExactly(false);

    harness.delete("files");
    harness.awaitGone("files");

    // The rule another LambdaEfsMount relies on is handed over to it, never revoked from under it.
    assertThat(harness.sim().calls().count("EC2:RevokeSecurityGroupIngress")).isZero();
    harness.awaitReady("reports");
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.tags())
                    .anyMatch(
                        t ->
                            t.key().equals(OwnershipTags.OWNER_UID)
                                && t.value().equals(reportsReady.getMetadata().getUid())));
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, filesUid)).isEmpty();
  }
}
