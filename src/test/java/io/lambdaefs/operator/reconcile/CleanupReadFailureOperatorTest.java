package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shared file-system read that fails while a resource is deleted says nothing about what is
 * there: the cleanup waits for it, and never takes it for "nothing owned" (which would skip the
 * detach, revoke NFS under a function that still mounts the access point, and remove the finalizer
 * with the access point left behind).
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class CleanupReadFailureOperatorTest {
  @RegisterExtension final OperatorHarness harness = OperatorHarness.start();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "EFS:DescribeFileSystems",
        "EFS:DescribeMountTargets",
        "EFS:DescribeMountTargetSecurityGroups"
      })
  void aThrottledFileSystemReadHoldsTheCleanupUntilItSucceeds(String operation) {
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    String mounted = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointArn();
    harness.sim().faults().throttle(operation, 100_000);
    // Past the time the operator keeps shared reads, so that every read of the file system fails.
    OperatorHarness.letTimePass(OperatorHarness.POLL_INTERVAL.multipliedBy(2));
    int writes = harness.sim().calls().writes();

    harness.delete("data");
    harness.awaitCondition(
        "data", Conditions.RECONCILING, "True", OperatorHarness.DRIFT_SEEN_WITHIN);
    OperatorHarness.letTimePass(Duration.ofSeconds(2));

    LambdaEfsMount waiting = harness.get("data");
    assertThat(waiting).as("the resource waits with its finalizer").isNotNull();
    assertThat(OperatorHarness.condition(waiting, Conditions.RECONCILING).orElseThrow().getReason())
        .isEqualTo("AwsThrottled");
    assertThat(harness.sim().calls().writes()).as("AWS writes while waiting").isEqualTo(writes);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(mounted);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);

    harness.sim().faults().clear(operation);
    harness.awaitGone("data");

    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).isEmpty();
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(OwnershipTags.functionKeys(harness.sim().inspect().functionTags(FUNCTION)))
        .as("the operator's tags")
        .isEmpty();
  }
}
