package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.observe.FileSystemView.MountedFunction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Works on the first invocation, fails on a cold start or under load. */
class CapacityRulesTest {
  final Fixtures f = new Fixtures();

  static Optional<Problem> problem(Plan plan, String reason) {
    return plan.problems().stream().filter(p -> p.reason().equals(reason)).findFirst();
  }

  @Test
  void timeoutTooShortForMountWarnsAndSaysWhichTimeoutToSet() {
    f.functionLimits(3, null, null);

    Plan plan = f.plan();

    Problem p = problem(plan, "TimeoutTooShortForMount").orElseThrow();
    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.facet()).isEqualTo(Facet.FUNCTION);
    assertThat(p.message())
        .contains("timeout of 3 s", "Task timed out after 3.00 seconds", "at least 6 s")
        .contains("--timeout 6");
    assertThat(plan.blocked()).isFalse();
    assertThat(plan.actions()).isNotEmpty();
  }

  @Test
  void timeoutTooShortForMountLeavesATimeoutWithRoomAlone() {
    f.functionLimits(6, null, null);
    assertThat(problem(f.plan(), "TimeoutTooShortForMount")).isEmpty();
    f.functionLimits(5, null, null);
    assertThat(problem(f.plan(), "TimeoutTooShortForMount"))
        .hasValueSatisfying(p -> assertThat(p.message()).contains("--timeout 8"));
  }

  @Test
  void burstingThroughputAtScaleWithHighReservedConcurrencyGivesTheFigures() {
    f.fileSystemUse("bursting", 10L << 30, List.of());
    f.functionLimits(30, 500, null);

    Problem p = problem(f.plan(), "BurstingThroughputAtScale").orElseThrow();

    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.message())
        .contains(Fixtures.FS, "10.0 GiB stored", "500 execution environments")
        .contains("reserved concurrency 500", "--throughput-mode elastic");
  }

  @Test
  void burstingThroughputAtScaleWithProvisionedConcurrency() {
    f.fileSystemUse("bursting", 6144L, List.of());
    f.functionLimits(30, null, 200);
    assertThat(problem(f.plan(), "BurstingThroughputAtScale"))
        .hasValueSatisfying(p -> assertThat(p.message()).contains("provisioned concurrency 200"));
  }

  @Test
  void burstingThroughputAtScaleNeedsBothBurstingAndScale() {
    f.fileSystemUse("elastic", 6144L, List.of());
    f.functionLimits(30, 5000, null);
    assertThat(problem(f.plan(), "BurstingThroughputAtScale")).isEmpty();
    f.fileSystemUse("bursting", 6144L, List.of());
    f.functionLimits(30, 99, null);
    assertThat(problem(f.plan(), "BurstingThroughputAtScale")).isEmpty();
  }

  @Test
  void connectionLimitApproachingSumsTheReservedConcurrencyOfTheFunctionsOnTheFileSystem() {
    f.functionLimits(30, 12_000, null);
    f.fileSystemUse(
        "elastic",
        6144L,
        List.of(
            new MountedFunction(Fixtures.FN_ARN, 12_000),
            new MountedFunction(Fixtures.FN_ARN.replace("file-processor", "thumbnailer"), 9_000),
            new MountedFunction(Fixtures.FN_ARN.replace("file-processor", "unreserved"), null)));

    Problem p = problem(f.plan(), "ConnectionLimitApproaching").orElseThrow();

    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.message())
        .contains("21000 concurrent executions", "file-processor, thumbnailer", "25000")
        .contains("close to it");
  }

  @Test
  void connectionLimitApproachingStaysQuietWellBelowTheLimit() {
    f.fileSystemUse(
        "elastic",
        6144L,
        List.of(
            new MountedFunction(Fixtures.FN_ARN, 10_000),
            new MountedFunction(Fixtures.FN_ARN.replace("file-processor", "thumbnailer"), 9_000)));
    assertThat(problem(f.plan(), "ConnectionLimitApproaching")).isEmpty();
  }
}
