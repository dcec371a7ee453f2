package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.DriftScenario.condition;
import static io.lambdaefs.operator.reconcile.DriftScenario.drift;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Out-of-band changes the operator cannot put back (driftPolicy Correct notwithstanding): the
 * function or the file system deleted, the function taken out of its VPC. Each is reported as drift
 * and stalls the resource, which then writes nothing to AWS.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own harness: a world of its own
class DriftGoneOperatorTest {
  private OperatorHarness harness;
  private DriftScenario scenario;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    scenario = new DriftScenario(harness, "data");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  // (6) the function deleted

  @Test
  void deletedFunctionIsReportedAsDriftAndStallsWithoutWrites() {
    scenario.ready();

    scenario.outOfBand(() -> harness.sim().console().deleteFunction(FUNCTION));
    LambdaEfsMount drifted = scenario.awaitReported("FunctionDeleted");
    assertThat(drift(drifted, "function"))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).isEqualTo(FUNCTION);
              assertThat(d.getActual()).isEqualTo("deleted");
            });
    assertStalled(drifted, "FunctionNotFound", Facet.FUNCTION);

    harness.assertNoAwsWrites(DriftScenario.REPORT_QUIET);
    scenario.assertNoWritesSinceChange();
    assertStalled(harness.get("data"), "FunctionNotFound", Facet.FUNCTION);
    assertThat(condition(harness.get("data"), Conditions.DRIFTED).getReason())
        .isEqualTo("FunctionDeleted");
  }

  // (7) the file system deleted (with its mount targets and access points)

  @Test
  void deletedFileSystemIsReportedAsDriftAndStallsWithoutWrites() {
    scenario.ready();

    scenario.outOfBand(() -> harness.sim().console().deleteFileSystem(FILE_SYSTEM));
    LambdaEfsMount drifted = scenario.awaitReported("FileSystemDeleted");
    assertThat(drift(drifted, "fileSystem"))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).isEqualTo(FILE_SYSTEM);
              assertThat(d.getActual()).isEqualTo("deleted");
            });
    assertStalled(drifted, "FileSystemNotFound", Facet.ACCESS_POINT);

    harness.assertNoAwsWrites(DriftScenario.REPORT_QUIET);
    scenario.assertNoWritesSinceChange();
    assertStalled(harness.get("data"), "FileSystemNotFound", Facet.ACCESS_POINT);
  }

  // (8) the function taken out of its VPC; Lambda requires its FileSystemConfigs to go with it

  /**
   * The VPC config goes first, so that neither state in between nor the final one has anything the
   * operator could write (both are a function without VPC and without subnets in the spec).
   */
  @Test
  void functionTakenOutOfItsVpcIsReportedAsFunctionLeftVpcAndStalls() {
    scenario.ready();

    scenario.outOfBand(
        () -> {
          harness.sim().console().setFunctionVpcConfig(FUNCTION, List.of(), List.of());
          harness.sim().console().setFunctionFileSystemConfigs(FUNCTION, List.of());
        });
    LambdaEfsMount drifted = scenario.awaitReported("FunctionLeftVpc");
    assertThat(drift(drifted, "function.vpcConfig"))
        .satisfies(
            d -> {
              assertThat(d.getDesired()).contains(FILE_SYSTEM);
              assertThat(d.getActual()).isEqualTo("no VPC");
            });

    harness.assertNoAwsWrites(DriftScenario.REPORT_QUIET);
    scenario.assertNoWritesSinceChange();
    LambdaEfsMount now = harness.get("data");
    assertThat(condition(now, Conditions.DRIFTED).getReason()).isEqualTo("FunctionLeftVpc");
    assertStalled(now, "FunctionNotInVpc", Facet.NETWORK);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
  }

  private static void assertStalled(LambdaEfsMount m, String reason, Facet facet) {
    assertThat(condition(m, Conditions.STALLED))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo(reason);
            });
    assertThat(condition(m, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(m, facet.conditionType()))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo(reason);
            });
  }
}
