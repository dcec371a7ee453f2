package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.Partition;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator in the China and GovCloud partitions: IAM, STS and every ARN live in the partition
 * of the Region, and the shipped policy works there once made for the partition as docs/iam.md
 * says, not as it is.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own harness
class PartitionOperatorTest {

  @ParameterizedTest
  @ValueSource(strings = {"cn-north-1", "us-gov-west-1"})
  void thePolicyMadeForThePartitionMountsAndVerifiesTheRoleThere(String region) throws IOException {
    String partition = Partition.ofRegion(region).id();
    assertThat(Files.readString(Path.of("docs/iam.md")))
        .as("docs/iam.md tells how to make the policy for %s", partition)
        .contains(ShippedPolicy.command(partition));
    try (OperatorHarness harness = OperatorHarness.startWithWorld(region + ".yaml")) {
      harness.sim().console().setCallerPolicy(ShippedPolicy.forPartition(partition));
      harness.create(ExampleMounts.creating("data"));
      LambdaEfsMount ready = harness.awaitReady("data");

      assertThat(ready.getStatus().getAccessPoint().getArn())
          .startsWith("arn:" + partition + ":elasticfilesystem:" + region + ":123456789012:");
      assertThat(ready.getStatus().getFunction().getArn())
          .isEqualTo(
              "arn:" + partition + ":lambda:" + region + ":123456789012:function:file-processor");
      assertThat(OperatorHarness.condition(ready, "PermissionsVerified").orElseThrow().getStatus())
          .as("the execution role was simulated as arn:%s:iam::...", partition)
          .isEqualTo("True");
      assertThat(harness.sim().calls().count("IAM:SimulatePrincipalPolicy")).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cn-north-1", "us-gov-west-1"})
  void theShippedPolicyAsItIsGrantsNothingInAnotherPartition(String region) {
    String partition = Partition.ofRegion(region).id();
    try (OperatorHarness harness = OperatorHarness.startWithWorld(region + ".yaml")) {
      harness.create(ExampleMounts.creating("data"));
      LambdaEfsMount stalled = harness.awaitCondition("data", "Stalled", "True");

      var condition = OperatorHarness.condition(stalled, "Stalled").orElseThrow();
      assertThat(condition.getReason()).isEqualTo("AccessDenied");
      assertThat(condition.getMessage())
          .contains("lambda:GetFunction", "arn:" + partition + ":lambda:" + region);
      assertThat(harness.sim().calls().writes()).isZero();
    }
  }
}
