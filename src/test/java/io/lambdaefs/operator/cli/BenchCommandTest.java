package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/**
 * {@code bench} as users run it: options it refuses, a small run against the simulated AWS with
 * AWS's rate limits enforced (the operator paces itself, so AWS throttles nothing), and a run that
 * times out (it says so, prints no ratio and exits 1).
 */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PlanFixture.Cli bench(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    return PlanFixture.execute((PrintStream out, PrintStream err) -> new BenchCommand(out), all);
  }

  @Test
  void zeroOrNegativeSizesAreRefusedWithTheOptionsName() {
    for (String[] bad :
        new String[][] {
          {"--resources", "0"},
          {"--resources", "-5"},
          {"--file-systems", "0"},
          {"--security-groups", "-1"},
          {"--timeout", "0s"},
          {"--poll-interval", "0s"},
          {"--resources", "3", "--file-systems", "4"},
          {"--resources", "0", "--chaos"},
          {"--output", "xml", "--chaos"}
        }) {
      PlanFixture.Cli cli = bench(bad);
      assertThat(cli.exit()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(cli.err()).as(String.join(" ", bad)).contains(bad[0]);
      assertThat(cli.out()).as("nothing measured").doesNotContain("AWS calls");
    }
  }

  @Test
  void aSmallRunConvergesUnderAwsRateLimitsWithoutOneThrottlingError() throws Exception {
    // 30 mounts need 60 Lambda control-plane writes: four times the bucket AWS allows at once.
    PlanFixture.Cli cli =
        bench(
            "--resources", "30",
            "--file-systems", "3",
            "--security-groups", "2",
            "--latency", "0ms",
            "--lambda-update-delay", "1s",
            "--poll-interval", "4s",
            "--steady-intervals", "1",
            "--timeout", "3m",
            "-o", "json");
    assertThat(cli.exit()).as(cli.err()).isZero();
    JsonNode r = JSON.readTree(cli.out());
    for (String field :
        new String[] {
          "mounts",
          "readySeconds",
          "floorSeconds",
          "ratio",
          "creationCallsPerMount",
          "steadyReadsPerMountPerCycle",
          "steadyWrites",
          "throttled",
          "throttledSeenInStatus",
          "driftDetectionSeconds",
          "heapAfterGcMiB",
          "rssMiB",
          "firstReconcileSeconds"
        }) {
      assertThat(r.has(field)).as(field).isTrue();
    }
    assertThat(r.get("mounts").asInt()).isEqualTo(30);
    assertThat(r.get("converged").asBoolean()).isTrue();
    assertThat(r.get("throttled").asInt()).as("calls AWS throttled").isZero();
    assertThat(r.get("throttledSeenInStatus").asInt()).isZero();
    assertThat(r.get("steadyWrites").asInt()).isZero();
    assertThat(r.get("ratio").asDouble())
        .isEqualTo(
            r.get("readySeconds").asDouble() / r.get("floorSeconds").asDouble(), offset(0.01));
    assertThat(r.get("driftDetectionSeconds").isNull()).as("the detach was reported").isFalse();
    // The writes no operator can avoid, and no more: an access point and an update per mount; an
    // NFS rule per (function group, mount-target group) pair, tried at most once per mount (two
    // resources of one pair planning at once both try; AWS answers the second Duplicate).
    JsonNode ops = r.get("callsByOperation");
    assertThat(ops.get("EFS:CreateAccessPoint").asInt()).isEqualTo(30);
    assertThat(ops.get("Lambda:UpdateFunctionConfiguration").asInt()).isEqualTo(30);
    assertThat(ops.get("EC2:AuthorizeSecurityGroupIngress").asInt())
        .isBetween(new BenchWorld(30, 3, 2, "elastic").groupPairs(), 30);
  }

  @Test
  void aRunThatTimesOutSaysSoPrintsNoRatioAndExitsOne() {
    PlanFixture.Cli cli =
        bench(
            "--resources", "20",
            "--file-systems", "2",
            "--security-groups", "2",
            "--lambda-update-delay", "5s",
            "--timeout", "2s");
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("TIMED OUT after").contains("no ratio");
    assertThat(cli.out().lines().filter(l -> l.startsWith("all Ready")))
        .singleElement()
        .satisfies(l -> assertThat(l.trim()).endsWith("-"));
  }
}
