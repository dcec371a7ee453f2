package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.DriftScenario.condition;
import static io.lambdaefs.operator.reconcile.DriftScenario.drift;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_A;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.status.Conditions;
import io.lambdaefs.operator.status.StatusEvents;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/**
 * Out-of-band changes to the function the operator configured: its FileSystemConfigs removed or
 * changed, its security groups swapped. Each is reported (Drifted, status.drift, a Warning Event)
 * and put back under driftPolicy Correct, or left alone without a single AWS write under Report.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own harness: a world of its own
class DriftFunctionOperatorTest {
  /** In worlds/extra-security-group.yaml: a security group of the VPC no NFS rule refers to. */
  private static final String OTHER_SG = "sg-0other";

  private static final String MOUNT_FIELD = "function.fileSystemConfigs";
  private static final String INGRESS_FIELD = "securityGroupRules." + MOUNT_TARGET_SG + ".ingress";

  private OperatorHarness harness;
  private DriftScenario scenario;

  @BeforeEach
  void start() {
    harness = OperatorHarness.startWithWorld("extra-security-group.yaml");
    scenario = new DriftScenario(harness, "data");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  // (1) FileSystemConfigs removed

  @Test
  void removedFileSystemConfigIsReportedAndPutBack() {
    String arn = scenario.ready().getStatus().getAccessPoint().getArn();

    scenario.outOfBand(
        () -> harness.sim().console().setFunctionFileSystemConfigs(FUNCTION, List.of()));
    LambdaEfsMount drifted = scenario.awaitReported("FileSystemConfigRemoved");
    assertThat(drift(drifted, MOUNT_FIELD))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).isEqualTo(arn + " at /mnt/data");
              assertThat(d.getActual()).isEqualTo("none");
            });
    assertThat(condition(drifted, Facet.FUNCTION.conditionType()).getStatus()).isEqualTo("False");

    scenario.awaitCorrected();
    assertMounted(arn, "/mnt/data");
  }

  @Test
  void driftCorrectedIsPostedWhenLambdaReportsTheUpdateSuccessfulNotWhenItAcceptsIt() {
    String arn = scenario.ready().getStatus().getAccessPoint().getArn();
    harness.sim().settings().lambdaUpdateDelay(Duration.ofSeconds(3));
    int updates = harness.sim().calls().count("Lambda:UpdateFunctionConfiguration");

    scenario.outOfBand(
        () -> harness.sim().console().setFunctionFileSystemConfigs(FUNCTION, List.of()));
    scenario.awaitReported("FileSystemConfigRemoved");
    await("Lambda to accept the correction")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.sim().calls().count("Lambda:UpdateFunctionConfiguration") > updates);
    OperatorHarness.letTimePass(Duration.ofSeconds(1));

    assertThat(harness.sim().inspect().function(FUNCTION).lastUpdateStatusAsString())
        .isEqualTo("InProgress");
    assertThat(harness.events("data", "Normal", StatusEvents.DRIFT_CORRECTED))
        .as("DriftCorrected while Lambda is still applying the correction")
        .isEmpty();
    assertThat(condition(harness.get("data"), Conditions.DRIFTED).getStatus()).isEqualTo("True");

    scenario.awaitCorrected();
    assertThat(harness.sim().inspect().function(FUNCTION).lastUpdateStatusAsString())
        .isEqualTo("Successful");
    assertMounted(arn, "/mnt/data");
  }

  @Test
  void removedFileSystemConfigUnderReportIsOnlyReportedUntilThePolicyIsCorrectAgain() {
    String arn = scenario.ready().getStatus().getAccessPoint().getArn();
    scenario.reportOnly();

    scenario.outOfBand(
        () -> harness.sim().console().setFunctionFileSystemConfigs(FUNCTION, List.of()));
    scenario.awaitReported("FileSystemConfigRemoved");
    LambdaEfsMount reported = scenario.assertReportedOnly("FileSystemConfigRemoved");
    assertThat(drift(reported, MOUNT_FIELD).getActual()).isEqualTo("none");
    assertThat(condition(reported, Facet.FUNCTION.conditionType()).getReason())
        .isEqualTo("ChangesNotApplied");
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();

    scenario.correctAgain();
    assertMounted(arn, "/mnt/data");
  }

  // (2) FileSystemConfigs pointing elsewhere: the same access point at another mount path

  @Test
  void changedMountPathIsReportedAndPutBack() {
    String arn = scenario.ready().getStatus().getAccessPoint().getArn();

    scenario.outOfBand(
        () ->
            harness
                .sim()
                .console()
                .setFunctionFileSystemConfigs(
                    FUNCTION,
                    List.of(
                        FileSystemConfig.builder().arn(arn).localMountPath("/mnt/other").build())));
    LambdaEfsMount drifted = scenario.awaitReported("FileSystemConfigChanged");
    assertThat(drift(drifted, MOUNT_FIELD))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).isEqualTo(arn + " at /mnt/data");
              assertThat(d.getActual()).isEqualTo(arn + " at /mnt/other");
            });

    scenario.awaitCorrected();
    assertMounted(arn, "/mnt/data");
  }

  @Test
  void changedMountPathUnderReportIsOnlyReportedUntilThePolicyIsCorrectAgain() {
    String arn = scenario.ready().getStatus().getAccessPoint().getArn();
    scenario.reportOnly();

    scenario.outOfBand(
        () ->
            harness
                .sim()
                .console()
                .setFunctionFileSystemConfigs(
                    FUNCTION,
                    List.of(
                        FileSystemConfig.builder().arn(arn).localMountPath("/mnt/other").build())));
    scenario.awaitReported("FileSystemConfigChanged");
    LambdaEfsMount reported = scenario.assertReportedOnly("FileSystemConfigChanged");
    assertThat(drift(reported, MOUNT_FIELD).getActual()).isEqualTo(arn + " at /mnt/other");
    assertMounted(arn, "/mnt/other");

    scenario.correctAgain();
    assertMounted(arn, "/mnt/data");
  }

  // (3) the function's security group swapped for one that NFS does not admit

  /**
   * The spec names no security groups, so the function's own are the desired ones: after the swap
   * the operator does not put sg-0lambda back but opens NFS for sg-0other. What it reports is the
   * missing NFS rule (NfsRuleMissing), not VpcConfigChanged.
   */
  @Test
  void swappedSecurityGroupIsReportedAsAMissingNfsRuleAndNfsIsOpenedForTheNewGroup() {
    String uid = scenario.ready().getMetadata().getUid();

    scenario.outOfBand(
        () ->
            harness
                .sim()
                .console()
                .setFunctionVpcConfig(FUNCTION, List.of(SUBNET_A, SUBNET_B), List.of(OTHER_SG)));
    LambdaEfsMount drifted = scenario.awaitReported("NfsRuleMissing");
    assertThat(drifted.getStatus().getDrift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getField()).isEqualTo(INGRESS_FIELD);
              assertThat(d.getDesired()).isEqualTo("TCP 2049 from " + OTHER_SG);
              assertThat(d.getActual()).isEqualTo("missing");
            });
    assertThat(condition(drifted, Facet.NETWORK.conditionType()).getStatus()).isEqualTo("False");

    LambdaEfsMount ready = scenario.awaitCorrected();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .anySatisfy(
            r -> {
              assertThat(r.referencedGroupInfo().groupId()).isEqualTo(OTHER_SG);
              assertThat(r.tags())
                  .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid));
            });
    assertThat(ready.getStatus().getSecurityGroupRules())
        .anySatisfy(
            r -> {
              assertThat(r.getGroupId()).isEqualTo(MOUNT_TARGET_SG);
              assertThat(r.getPeerGroupId()).isEqualTo(OTHER_SG);
              assertThat(r.getOwned()).isTrue();
            });
    // The function keeps the security groups it was given: the operator touches only what it owns.
    assertThat(harness.sim().inspect().function(FUNCTION).vpcConfig().securityGroupIds())
        .containsExactly(OTHER_SG);
    assertThat(condition(ready, Facet.FUNCTION.conditionType()).getStatus()).isEqualTo("True");
  }

  @Test
  void swappedSecurityGroupUnderReportIsOnlyReportedUntilThePolicyIsCorrectAgain() {
    scenario.ready();
    scenario.reportOnly();

    scenario.outOfBand(
        () ->
            harness
                .sim()
                .console()
                .setFunctionVpcConfig(FUNCTION, List.of(SUBNET_A, SUBNET_B), List.of(OTHER_SG)));
    scenario.awaitReported("NfsRuleMissing");
    LambdaEfsMount reported = scenario.assertReportedOnly("NfsRuleMissing");
    assertThat(condition(reported, Facet.NETWORK.conditionType()).getReason())
        .isEqualTo("ChangesNotApplied");
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .extracting(r -> r.referencedGroupInfo().groupId())
        .containsExactly(LAMBDA_SG);

    scenario.correctAgain();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .extracting(r -> r.referencedGroupInfo().groupId())
        .contains(OTHER_SG);
  }

  private void assertMounted(String accessPointArn, String path) {
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.arn()).isEqualTo(accessPointArn);
              assertThat(c.localMountPath()).isEqualTo(path);
            });
  }
}
