package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/** Lambda allows one file system per function: a second LambdaEfsMount for it stalls and harms nothing. */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SecondMountOperatorTest {
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
  void secondMountOfTheSameFunctionStallsAndLeavesTheFirstAlone() {
    harness.create(ExampleMounts.creating("first"));
    LambdaEfsMount first = harness.awaitReady("first");
    List<AccessPointDescription> accessPoints = harness.sim().inspect().accessPoints(FILE_SYSTEM);
    List<FileSystemConfig> mounted = harness.sim().inspect().function(FUNCTION).fileSystemConfigs();
    List<SecurityGroupRule> rules = harness.sim().inspect().rules(MOUNT_TARGET_SG);
    int writes = harness.sim().calls().writes();

    LambdaEfsMount second = ExampleMounts.creating("second");
    second.getSpec().setMountPath("/mnt/second");
    second.getSpec().getAccessPoint().getPosixUser().setUid(2000L);
    harness.create(second);
    LambdaEfsMount stalled = harness.awaitCondition("second", Conditions.STALLED, "True");

    Condition c = OperatorHarness.condition(stalled, Conditions.STALLED).orElseThrow();
    assertThat(c.getReason()).isEqualTo("FunctionAlreadyMounted");
    assertThat(c.getMessage()).contains("default/first", FUNCTION);
    assertThat(harness.sim().calls().writes()).as("AWS writes: %s", harness.sim().calls()).isEqualTo(writes);
    assertUnchanged(first, accessPoints, mounted, rules);

    // Deleting the second one must not undo anything of the first.
    harness.delete("second");
    harness.awaitGone("second");
    assertThat(harness.sim().calls().writes()).as("AWS writes: %s", harness.sim().calls()).isEqualTo(writes);
    assertUnchanged(first, accessPoints, mounted, rules);
  }

  private void assertUnchanged(LambdaEfsMount first, List<AccessPointDescription> accessPoints,
      List<FileSystemConfig> mounted, List<SecurityGroupRule> rules) {
    LambdaEfsMount now = harness.get("first");
    assertThat(OperatorHarness.condition(now, Conditions.READY)).hasValueSatisfying(
        r -> assertThat(r.getStatus()).isEqualTo("True"));
    assertThat(now.getStatus().getAccessPoint()).isEqualTo(first.getStatus().getAccessPoint());
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM)).isEqualTo(accessPoints);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEqualTo(mounted);
    assertThat(harness.sim().inspect().rules(MOUNT_TARGET_SG)).isEqualTo(rules);
  }
}
