package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.DriftScenario.drift;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * Out-of-band changes to what the operator made besides the function: an NFS rule revoked, the
 * access point deleted. Reported as Drifted and put back (driftPolicy Correct), or only reported
 * (Report).
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class DriftOperatorTest {
  private static final String INGRESS_FIELD = "securityGroupRules." + MOUNT_TARGET_SG + ".ingress";

  private OperatorHarness harness;
  private DriftScenario scenario;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    scenario = new DriftScenario(harness, "data");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  // (4) an NFS rule the operator made, revoked

  @Test
  void revokedNfsRuleIsReportedAndAddedBack() {
    String uid = scenario.ready().getMetadata().getUid();
    String revoked = harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId();

    scenario.outOfBand(() -> harness.sim().console().revokeSecurityGroupRule(revoked));
    LambdaEfsMount drifted = scenario.awaitReported("NfsRuleMissing");
    assertThat(drift(drifted, INGRESS_FIELD))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).isEqualTo("TCP 2049 from " + LAMBDA_SG);
              assertThat(d.getActual()).isEqualTo("missing");
            });
    LambdaEfsMount ready = scenario.awaitCorrected();

    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.securityGroupRuleId()).isNotEqualTo(revoked);
              assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG);
              assertThat(r.tags())
                  .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid));
            });
    assertThat(ready.getStatus().getSecurityGroupRules())
        .anyMatch(
            r ->
                r.getId()
                        .equals(
                            harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId())
                    && r.getOwned());
    assertThat(OperatorHarness.condition(ready, Conditions.DRIFTED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
  }

  @Test
  void revokedNfsRuleUnderReportIsOnlyReportedUntilThePolicyIsCorrectAgain() {
    scenario.ready();
    scenario.reportOnly();
    String revoked = harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId();

    scenario.outOfBand(() -> harness.sim().console().revokeSecurityGroupRule(revoked));
    scenario.awaitReported("NfsRuleMissing");
    LambdaEfsMount reported = scenario.assertReportedOnly("NfsRuleMissing");
    assertThat(drift(reported, INGRESS_FIELD).getActual()).isEqualTo("missing");
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).isEmpty();

    scenario.correctAgain();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(r -> assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG));
  }

  // (5) the access point the operator created, deleted

  /**
   * Whether EFS forgets the ClientToken of a deleted access point is not documented: under either
   * behaviour the replacement is created exactly once.
   */
  @ParameterizedTest(name = "EFS keeps the deleted access point''s ClientToken: {0}")
  @ValueSource(booleans = {false, true})
  void deletedAccessPointIsReplacedOnceAndTheFunctionSwitchedToIt(boolean tokenOutlivesIt) {
    harness.sim().settings().clientTokensOutliveAccessPoints(tokenOutlivesIt);
    String uid = scenario.ready().getMetadata().getUid();
    AccessPointDescription deleted = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);
    int accessPoints = harness.sim().inspect().accessPoints(FILE_SYSTEM).size();

    scenario.outOfBand(() -> harness.sim().console().deleteAccessPoint(deleted.accessPointId()));
    LambdaEfsMount drifted = scenario.awaitReported("AccessPointDeleted");
    assertThat(drift(drifted, "accessPoint"))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).contains(FILE_SYSTEM).contains(uid);
              assertThat(d.getActual()).contains("deleted");
            });
    LambdaEfsMount ready = scenario.awaitCorrected();

    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid))
        .singleElement()
        .satisfies(ap -> assertThat(ap.accessPointId()).isNotEqualTo(deleted.accessPointId()));
    AccessPointDescription replacement = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(replacement.accessPointArn());
    assertThat(ready.getStatus().getAccessPoint().getId()).isEqualTo(replacement.accessPointId());
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM)).hasSize(accessPoints);
    assertThat(replacement.clientToken())
        .isEqualTo(tokenOutlivesIt ? deleted.clientToken() + "-2" : deleted.clientToken());
  }

  @Test
  void deletedAccessPointUnderReportIsOnlyReportedUntilThePolicyIsCorrectAgain() {
    String uid = scenario.ready().getMetadata().getUid();
    scenario.reportOnly();
    AccessPointDescription deleted = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);

    scenario.outOfBand(() -> harness.sim().console().deleteAccessPoint(deleted.accessPointId()));
    scenario.awaitReported("AccessPointDeleted");
    scenario.assertReportedOnly("AccessPointDeleted");
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();

    scenario.correctAgain();
    AccessPointDescription replacement = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);
    assertThat(replacement.accessPointId()).isNotEqualTo(deleted.accessPointId());
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(replacement.accessPointArn());
  }
}
