package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/** Pointing a Ready mount at another file system moves the function there and leaks nothing. */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class FileSystemChangeOperatorTest {
  private static final String OTHER_FILE_SYSTEM = "fs-0fedcba987654321";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    // A long slow recheck: a stalled mount must then be left alone, which makes a hot loop visible.
    harness = OperatorHarness.startWithWorld("two-file-systems.yaml", Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void changingTheFileSystemMountsANewAccessPointThereAndDeletesTheOldOne() {
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    AccessPointDescription old = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);

    harness.editSpec("data", spec -> spec.setFileSystemId(OTHER_FILE_SYSTEM));
    LambdaEfsMount ready = harness.awaitReady("data");
    AccessPointDescription moved = harness.ownedAccessPoints(OTHER_FILE_SYSTEM, uid).get(0);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(moved.accessPointArn());
    assertThat(ready.getStatus().getAccessPoint().getId()).isEqualTo(moved.accessPointId());
    await("the old access point to be deleted")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.ownedAccessPoints(FILE_SYSTEM, uid).isEmpty());
    assertThat(harness.ownedAccessPoints(OTHER_FILE_SYSTEM, uid)).hasSize(1);
    assertThat(old.accessPointId()).isNotEqualTo(moved.accessPointId());

    // No write while nothing changes.
    harness.assertNoAwsWrites(Duration.ofSeconds(2));

    // Deleting finds what is left wherever it is.
    harness.delete("data");
    harness.awaitGone("data");
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(harness.ownedAccessPoints(OTHER_FILE_SYSTEM, uid)).isEmpty();
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
  }
}
