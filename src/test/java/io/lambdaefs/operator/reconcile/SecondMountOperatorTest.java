package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/**
 * Lambda allows one file system per function: a second LambdaEfsMount for it stalls and harms
 * nothing.
 */
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
    assertThat(harness.sim().calls().writes())
        .as("AWS writes: %s", harness.sim().calls())
        .isEqualTo(writes);
    assertUnchanged(first, accessPoints, mounted, rules);

    // Deleting the second one must not undo anything of the first.
    harness.delete("second");
    harness.awaitGone("second");
    assertThat(harness.sim().calls().writes())
        .as("AWS writes: %s", harness.sim().calls())
        .isEqualTo(writes);
    assertUnchanged(first, accessPoints, mounted, rules);
  }

  private void assertUnchanged(
      LambdaEfsMount first,
      List<AccessPointDescription> accessPoints,
      List<FileSystemConfig> mounted,
      List<SecurityGroupRule> rules) {
    LambdaEfsMount now = harness.get("first");
    assertThat(OperatorHarness.condition(now, Conditions.READY))
        .hasValueSatisfying(r -> assertThat(r.getStatus()).isEqualTo("True"));
    assertThat(now.getStatus().getAccessPoint()).isEqualTo(first.getStatus().getAccessPoint());
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM)).isEqualTo(accessPoints);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEqualTo(mounted);
    assertThat(harness.sim().inspect().rules(MOUNT_TARGET_SG)).isEqualTo(rules);
  }

  @Test
  void twoMountsOfTheSameFunctionAppliedTogetherEndWithOneReadyAndOneStalled() {
    LambdaEfsMount second = ExampleMounts.creating("second");
    second.getSpec().setMountPath("/mnt/second");
    second.getSpec().getAccessPoint().getPosixUser().setUid(2000L);
    harness.create(ExampleMounts.creating("first"));
    harness.create(second);

    await("one of them to be Ready and the other Stalled")
        .atMost(OperatorHarness.TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              LambdaEfsMount a = harness.get("first");
              LambdaEfsMount b = harness.get("second");
              return (isTrue(a, Conditions.READY) && isTrue(b, Conditions.STALLED))
                  || (isTrue(b, Conditions.READY) && isTrue(a, Conditions.STALLED));
            });
    LambdaEfsMount ready =
        isTrue(harness.get("first"), Conditions.READY)
            ? harness.get("first")
            : harness.get("second");
    LambdaEfsMount stalled =
        ready.getMetadata().getName().equals("first")
            ? harness.get("second")
            : harness.get("first");

    assertThat(OperatorHarness.condition(stalled, Conditions.STALLED).orElseThrow().getReason())
        .isEqualTo("FunctionAlreadyMounted");
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(
            Assertions.tuple(
                ready.getStatus().getAccessPoint().getArn(), ready.getSpec().getMountPath()));
    assertThat(harness.sim().inspect().functionTags(FUNCTION))
        .containsEntry(OwnershipTags.OWNER_UID, ready.getMetadata().getUid());
    // The stalled one holds nothing in AWS once it is deleted.
    harness.delete(stalled.getMetadata().getName());
    harness.awaitGone(stalled.getMetadata().getName());
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, stalled.getMetadata().getUid())).isEmpty();
    // The NFS rule may have been created (and tagged) by the one that stalled: it is handed over to
    // the
    // Ready one, so deleting the stalled one never cuts NFS.
    assertThat(isTrue(harness.get(ready.getMetadata().getName()), Conditions.READY)).isTrue();
    assertThat(harness.sim().calls().count("EC2:RevokeSecurityGroupIngress")).isZero();
    harness.awaitReady(ready.getMetadata().getName());
  }

  private static boolean isTrue(LambdaEfsMount m, String type) {
    return m != null
        && m.getStatus() != null
        && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
        && OperatorHarness.condition(m, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
