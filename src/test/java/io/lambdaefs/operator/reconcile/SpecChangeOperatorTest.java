package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * Editing the spec of a Ready mount moves AWS to the new spec without leaking the old access point.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SpecChangeOperatorTest {
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
  void changingTheMountPathRemountsTheSameAccessPoint() {
    harness.create(ExampleMounts.creating("data"));
    LambdaEfsMount first = harness.awaitReady("data");
    String uid = first.getMetadata().getUid();
    AccessPointDescription ap = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);

    LambdaEfsMount edited = harness.editSpec("data", spec -> spec.setMountPath("/mnt/other"));
    assertThat(edited.getMetadata().getGeneration())
        .isGreaterThan(first.getMetadata().getGeneration());
    LambdaEfsMount ready = harness.awaitReady("data");

    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(edited.getMetadata().getGeneration());
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(tuple(ap.accessPointArn(), "/mnt/other"));
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).containsExactly(ap);
    assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(1);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
  }

  @Test
  void changingThePosixUserReplacesTheAccessPointAndDeletesTheOldOne() {
    harness.create(ExampleMounts.creating("data"));
    String uid = harness.awaitReady("data").getMetadata().getUid();
    AccessPointDescription old = harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0);

    harness.editSpec("data", spec -> spec.getAccessPoint().getPosixUser().setUid(2000L));
    // Ready only once the superseded access point is gone: a Ready mount leaks nothing.
    LambdaEfsMount ready = harness.awaitReady("data");

    List<AccessPointDescription> owned = harness.ownedAccessPoints(FILE_SYSTEM, uid);
    assertThat(owned)
        .singleElement()
        .satisfies(
            ap -> {
              assertThat(ap.accessPointId()).isNotEqualTo(old.accessPointId());
              assertThat(ap.posixUser().uid()).isEqualTo(2000L);
              assertThat(ap.rootDirectory().path()).isEqualTo("/lambda-data");
            });
    AccessPointDescription current = owned.get(0);
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM))
        .extracting(AccessPointDescription::accessPointId)
        .containsExactlyInAnyOrder(HAND_MADE_ACCESS_POINT, current.accessPointId());
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(tuple(current.accessPointArn(), "/mnt/data"));
    assertThat(ready.getStatus().getAccessPoint().getId()).isEqualTo(current.accessPointId());
    assertThat(ready.getStatus().getAccessPoint().getOwned()).isTrue();
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
    // Never two access points of ours at once after the switch: it stays at one while the operator
    // keeps polling.
    int creates = harness.sim().calls().count("EFS:CreateAccessPoint");
    OperatorHarness.letTimePass(Duration.ofSeconds(1));
    assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(creates);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
  }
}
