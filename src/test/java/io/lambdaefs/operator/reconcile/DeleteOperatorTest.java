package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_A;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.NetworkSpec;
import io.lambdaefs.operator.aws.OwnershipTags;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/** Deleting a LambdaEfsMount undoes exactly what the operator did (Delete), or nothing (Retain). */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class DeleteOperatorTest {
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
  void deletePolicyDeletePutsAwsBackAsItWasBeforeTheResource() {
    AwsSnapshot before = AwsSnapshot.of(harness.sim());
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);

    harness.delete("data");
    harness.awaitGone("data");

    AwsSnapshot after = AwsSnapshot.of(harness.sim());
    assertThat(after.fileSystemConfigs()).isEmpty();
    assertThat(after.subnetIds()).isEqualTo(before.subnetIds());
    assertThat(after.securityGroupIds()).isEqualTo(before.securityGroupIds());
    assertThat(after.functionTags())
        .isEqualTo(before.functionTags())
        .noneSatisfy((k, v) -> assertThat(OwnershipTags.FUNCTION_KEYS).contains(k));
    assertThat(after.mountTargetSgRules()).isEqualTo(before.mountTargetSgRules());
    assertThat(after.lambdaSgRules()).isEqualTo(before.lambdaSgRules());
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(after.accessPoints())
        .extracting(AccessPointDescription::accessPointId)
        .containsExactly(HAND_MADE_ACCESS_POINT);
  }

  @Test
  void deletePolicyRetainLeavesAwsUntouched() {
    LambdaEfsMount mount = ExampleMounts.creating("data");
    mount.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
    harness.create(mount);
    String uid = harness.awaitReady("data").getMetadata().getUid();
    AwsSnapshot ready = AwsSnapshot.of(harness.sim());
    int writes = harness.sim().calls().writes();

    harness.delete("data");
    harness.awaitGone("data");

    assertThat(harness.sim().calls().writes()).isEqualTo(writes);
    AwsSnapshot after = AwsSnapshot.of(harness.sim());
    assertThat(after).isEqualTo(ready);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
    assertThat(after.fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointArn());
  }

  @Test
  void aFunctionOutsideAnyVpcIsPutIntoTheVpcAndTakenOutAgainOnDelete() {
    harness.sim().console().setFunctionVpcConfig(FUNCTION, List.of(), List.of());
    AwsSnapshot before = AwsSnapshot.of(harness.sim());
    LambdaEfsMount mount = intoTheVpc(ExampleMounts.creating("data"));

    harness.create(mount);
    String uid = harness.awaitReady("data").getMetadata().getUid();

    var fn = harness.sim().inspect().function(FUNCTION);
    assertThat(fn.vpcConfig().subnetIds()).containsExactlyInAnyOrder(SUBNET_A, SUBNET_B);
    assertThat(fn.vpcConfig().securityGroupIds()).containsExactly(LAMBDA_SG);
    assertThat(fn.vpcConfig().vpcId()).isEqualTo("vpc-0a1b2c3d");
    assertThat(fn.fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(
            Assertions.tuple(
                harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointArn(), "/mnt/data"));
    harness.assertSteady("data", Duration.ofSeconds(1));

    harness.delete("data");
    harness.awaitGone("data");

    AwsSnapshot after = AwsSnapshot.of(harness.sim());
    assertThat(after.subnetIds()).isEmpty();
    assertThat(after.securityGroupIds()).isEmpty();
    assertThat(after.fileSystemConfigs()).isEmpty();
    assertThat(after.functionTags()).isEqualTo(before.functionTags());
    assertThat(after.mountTargetSgRules()).isEqualTo(before.mountTargetSgRules());
    assertThat(after.accessPoints()).isEqualTo(before.accessPoints());
  }

  @Test
  void aDualStackFunctionTheOperatorPutIntoTheVpcIsTakenOutAgainOnDelete() {
    harness.sim().console().setFunctionVpcConfig(FUNCTION, List.of(), List.of());
    LambdaEfsMount mount = intoTheVpc(ExampleMounts.creating("data"));
    harness.create(mount);
    harness.awaitReady("data");
    // The function's owner turns on dual stack once it is in the VPC; not the operator's field.
    harness.sim().console().setFunctionIpv6AllowedForDualStack(FUNCTION, true);
    harness.awaitReady("data");

    harness.delete("data");
    harness.awaitGone("data");

    var vpc = harness.sim().inspect().function(FUNCTION).vpcConfig();
    assertThat(vpc.subnetIds()).isEmpty();
    assertThat(vpc.ipv6AllowedForDualStack()).isFalse();
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
  }

  /** The mount names the subnets and security group a function outside any VPC is put into. */
  private static LambdaEfsMount intoTheVpc(LambdaEfsMount mount) {
    NetworkSpec network = new NetworkSpec();
    network.setSubnetIds(List.of(SUBNET_A, SUBNET_B));
    network.setSecurityGroupIds(List.of(LAMBDA_SG));
    mount.getSpec().setNetwork(network);
    return mount;
  }

  @Test
  void deletingAMountStillBeingCreatedLeavesNothingBehind() {
    AwsSnapshot before = AwsSnapshot.of(harness.sim());
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    await("the access point to be created")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> !harness.ownedAccessPoints(FILE_SYSTEM, uid).isEmpty());

    harness.delete("data");
    harness.awaitGone("data");

    AwsSnapshot after = AwsSnapshot.of(harness.sim());
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(after.accessPoints())
        .extracting(AccessPointDescription::accessPointId)
        .containsExactly(HAND_MADE_ACCESS_POINT);
    assertThat(after.fileSystemConfigs()).isEmpty();
    assertThat(after.subnetIds()).isEqualTo(before.subnetIds());
    assertThat(after.securityGroupIds()).isEqualTo(before.securityGroupIds());
    assertThat(after.functionTags()).isEqualTo(before.functionTags());
    assertThat(after.mountTargetSgRules()).isEqualTo(before.mountTargetSgRules());
    assertThat(after.lambdaSgRules()).isEqualTo(before.lambdaSgRules());
  }

  @Test
  void aNewOperatorFinishesACleanupTheOldOneWasInTheMiddleOf() {
    AwsSnapshot before = AwsSnapshot.of(harness.sim());
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    harness.sim().settings().lambdaUpdateDelay(Duration.ofSeconds(1));
    int updates = harness.sim().calls().count("Lambda:UpdateFunctionConfiguration");

    harness.delete("data");
    await("the function to be detached")
        .atMost(OperatorHarness.TIMEOUT)
        .until(
            () -> harness.sim().calls().count("Lambda:UpdateFunctionConfiguration") == updates + 1);
    harness.stopOperator();
    assertThat(harness.get("data")).as("the finalizer holds the resource").isNotNull();
    harness.startOperator();
    harness.awaitGone("data");

    AwsSnapshot after = AwsSnapshot.of(harness.sim());
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(after.accessPoints()).isEqualTo(before.accessPoints());
    assertThat(after.fileSystemConfigs()).isEmpty();
    assertThat(after.functionTags()).isEqualTo(before.functionTags());
    assertThat(after.mountTargetSgRules()).isEqualTo(before.mountTargetSgRules());
    assertThat(harness.sim().calls().count("Lambda:UpdateFunctionConfiguration"))
        .isEqualTo(updates + 1);
  }
}
