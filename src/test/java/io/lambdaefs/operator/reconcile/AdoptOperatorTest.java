package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * An adopted access point is mounted, reported as not owned, and survives the resource's deletion.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class AdoptOperatorTest {
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
  void adoptedAccessPointIsMountedNotOwnedAndKeptAfterDelete() {
    AccessPointDescription handMade =
        harness.sim().inspect().accessPoints(FILE_SYSTEM).stream()
            .filter(ap -> ap.accessPointId().equals(HAND_MADE_ACCESS_POINT))
            .findFirst()
            .orElseThrow();

    harness.create(ExampleMounts.adopting("shared", HAND_MADE_ACCESS_POINT));
    LambdaEfsMount ready = harness.awaitReady("shared");

    assertThat(ready.getStatus().getAccessPoint().getId()).isEqualTo(HAND_MADE_ACCESS_POINT);
    assertThat(ready.getStatus().getAccessPoint().getOwned()).isFalse();
    assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isZero();
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM)).containsExactly(handMade);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(tuple(handMade.accessPointArn(), "/mnt/data"));
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
    harness.assertSteady("shared", Duration.ofSeconds(1));

    harness.delete("shared");
    harness.awaitGone("shared");

    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM)).containsExactly(handMade);
    assertThat(harness.sim().calls().count("EFS:DeleteAccessPoint")).isZero();
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
    assertThat(harness.sim().inspect().functionTags(FUNCTION))
        .doesNotContainKey(OwnershipTags.OWNER_UID);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).isEmpty();
  }
}
