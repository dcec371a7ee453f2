package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * An access point the operator created stays findable by its own owner tags until it is deleted,
 * whether or not the function's tags name it: one created for an earlier spec and never recorded on
 * the function (the operator crashed right after the create) is deleted, not left behind while the
 * resource shows Ready.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SupersededAccessPointOperatorTest {
  @RegisterExtension final OperatorHarness harness = OperatorHarness.start();

  @Test
  void anOwnedAccessPointTheFunctionDoesNotNameIsFoundByItsTagsAndDeleted() {
    LambdaEfsMount ready = createReady();
    String uid = ready.getMetadata().getUid();
    String kept = ready.getStatus().getAccessPoint().getId();
    String stray = createdForAnEarlierSpec(ready);

    await("the stray access point to be deleted")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> ids(uid).equals(List.of(kept)));
    harness.awaitReady("data");
    assertThat(ids(uid)).doesNotContain(stray);
  }

  @Test
  void aPosixUserChangeWhoseFunctionUpdateIsThrottledLeavesNoAccessPointBehind() {
    LambdaEfsMount ready = createReady();
    String uid = ready.getMetadata().getUid();
    createdForAnEarlierSpec(ready);

    // The rounds that list the file system fail to delete the stray one, then the function update
    // is throttled after the re-tag: AWS's throttling as it comes, in the worst order.
    harness.sim().faults().throttle("EFS:DeleteAccessPoint", 2);
    harness.sim().faults().throttle("Lambda:UpdateFunctionConfiguration", 3);
    harness.editSpec("data", s -> s.getAccessPoint().getPosixUser().setUid(2000L));
    LambdaEfsMount changed = harness.awaitReady("data");

    String now = changed.getStatus().getAccessPoint().getId();
    await("only the access point of the new spec to be left")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> ids(uid).equals(List.of(now)));
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).posixUser().uid())
        .isEqualTo(2000L);
  }

  private LambdaEfsMount createReady() {
    harness.create(ExampleMounts.creating("data"));
    return harness.awaitReady("data");
  }

  /** What a crash right after a CreateAccessPoint for another posixUser would leave. */
  private String createdForAnEarlierSpec(LambdaEfsMount mount) {
    return harness
        .sim()
        .console()
        .createAccessPoint(
            FILE_SYSTEM,
            3000,
            3000,
            "/lambda-data",
            OwnershipTags.of(
                mount.getMetadata().getNamespace(),
                mount.getMetadata().getName(),
                mount.getMetadata().getUid()));
  }

  private List<String> ids(String uid) {
    return harness.ownedAccessPoints(FILE_SYSTEM, uid).stream()
        .map(AccessPointDescription::accessPointId)
        .toList();
  }
}
