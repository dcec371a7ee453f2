package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.status.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/** Out-of-band changes to what the operator made are reported as Drifted and put back (driftPolicy Correct). */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class DriftOperatorTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void revokedNfsRuleIsReportedAndAddedBack() {
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    String revoked = harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId();

    harness.sim().console().revokeSecurityGroupRule(revoked);
    LambdaEfsMount drifted = harness.awaitCondition("data", Conditions.DRIFTED, "True");
    assertThat(OperatorHarness.condition(drifted, Conditions.DRIFTED).orElseThrow().getReason())
        .isEqualTo("SecurityGroupRuleRevoked");
    LambdaEfsMount ready = harness.awaitReady("data");

    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).singleElement().satisfies(r -> {
      assertThat(r.securityGroupRuleId()).isNotEqualTo(revoked);
      assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG);
      assertThat(r.tags()).anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid));
    });
    assertThat(ready.getStatus().getSecurityGroupRules()).anyMatch(r -> r.getId().equals(
        harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId()) && r.getOwned());
    assertThat(OperatorHarness.condition(ready, Conditions.DRIFTED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
  }

  @Test
  void deletedAccessPointIsReplacedAndTheFunctionSwitchedToIt() {
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    AccessPointDescription deleted = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);

    harness.sim().console().deleteAccessPoint(deleted.accessPointId());
    harness.awaitCondition("data", Conditions.DRIFTED, "True");
    LambdaEfsMount ready = harness.awaitReady("data");

    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).singleElement()
        .satisfies(ap -> assertThat(ap.accessPointId()).isNotEqualTo(deleted.accessPointId()));
    AccessPointDescription replacement = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).extracting(c -> c.arn())
        .containsExactly(replacement.accessPointArn());
    assertThat(ready.getStatus().getAccessPoint().getId()).isEqualTo(replacement.accessPointId());
  }
}
