package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Schema-valid but impossible specs: each ends Stalled with a reason and a message naming the
 * object, and nothing is written to AWS, neither while stalled nor when the resource is deleted.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class BadInputOperatorTest {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.startWithWorld("two-file-systems.yaml");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void unknownFunction() {
    LambdaEfsMount mount = ExampleMounts.creating("no-function");
    mount.getSpec().setFunctionName("no-such-function");
    assertStalledWithoutWrites(mount, "FunctionNotFound", "no-such-function");
  }

  @Test
  void qualifiedFunctionName() {
    LambdaEfsMount mount = ExampleMounts.creating("qualified-function");
    mount.getSpec().setFunctionName("file-processor:prod");
    assertStalledWithoutWrites(
        mount, "FunctionNameQualified", "file-processor:prod", "'prod'", "($LATEST)");
  }

  @Test
  void unknownFileSystem() {
    LambdaEfsMount mount = ExampleMounts.creating("no-file-system");
    mount.getSpec().setFileSystemId("fs-00000000deadbeef");
    assertStalledWithoutWrites(mount, "FileSystemNotFound", "fs-00000000deadbeef");
  }

  @Test
  void adoptedAccessPointOnAnotherFileSystem() {
    LambdaEfsMount mount = ExampleMounts.adopting("other-fs-ap", "fsap-0fedcba9876543210");
    assertStalledWithoutWrites(
        mount, "AccessPointOnOtherFileSystem", "fsap-0fedcba9876543210", "fs-0fedcba987654321");
  }

  @Test
  void adoptedAccessPointThatDoesNotExist() {
    LambdaEfsMount mount = ExampleMounts.adopting("missing-ap", "fsap-0000000000000dead");
    assertStalledWithoutWrites(mount, "AccessPointNotFound", "fsap-0000000000000dead");
  }

  private static void assertStalledWithoutWrites(
      LambdaEfsMount mount, String reason, String... named) {
    String name = mount.getMetadata().getName();
    harness.create(mount);
    LambdaEfsMount stalled = harness.awaitCondition(name, Conditions.STALLED, "True");

    Condition c = condition(name, Conditions.STALLED);
    assertThat(c.getReason()).isEqualTo(reason);
    assertThat(c.getMessage()).contains(named);
    assertThat(c.getObservedGeneration()).isEqualTo(stalled.getMetadata().getGeneration());
    assertThat(condition(name, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(name, Conditions.READY).getReason()).isEqualTo(reason);
    assertThat(harness.sim().calls().writes()).as("AWS writes: %s", harness.sim().calls()).isZero();

    // Deleting a stalled resource completes and writes nothing either.
    harness.delete(name);
    harness.awaitGone(name);
    assertThat(harness.sim().calls().writes()).as("AWS writes: %s", harness.sim().calls()).isZero();
  }

  private static Condition condition(String name, String type) {
    return await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.get(name), m -> m != null)
        .getStatus()
        .getConditions()
        .stream()
        .filter(x -> type.equals(x.getType()))
        .findFirst()
        .orElseThrow();
  }
}
