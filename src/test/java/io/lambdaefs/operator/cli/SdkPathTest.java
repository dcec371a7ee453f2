package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.sim.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * plan and bench through the paths a user runs: plan with the real SDK clients against an AWS
 * emulator (moto knows no such function: a problem, exit 1, nothing written), bench on a small
 * fleet.
 */
class SdkPathTest {
  private static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void planReadsRealAwsThroughTheSdkAndReportsTheMissingFunction() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(new PlanCommand(o, e))
            .execute(
                "-f",
                "examples/lambdaefsmount.yaml",
                "--region",
                "us-east-1",
                "--aws-endpoint",
                moto.endpoint());
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text + err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    assertThat(text).contains("FunctionNotFound").contains("file-processor");
  }

  @Test
  void benchConvergesASmallFleetAndPrintsWhatItMeasured() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new BenchCommand())
              .execute(
                  "--resources",
                  "6",
                  "--file-systems",
                  "2",
                  "--security-groups",
                  "2",
                  "--poll-interval",
                  "1s",
                  "--steady-intervals",
                  "1",
                  "--lambda-update-delay",
                  "200ms",
                  "--timeout",
                  "60s");
    } finally {
      System.setOut(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text).isZero();
    assertThat(text)
        .contains("6 LambdaEfsMounts over 2 file systems")
        .doesNotContain("TIMED OUT")
        .containsPattern("all Ready\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+")
        .contains("Lambda:UpdateFunctionConfiguration")
        .containsPattern("steady state: reads over 1 intervals\\s+\\d+\\s+[0-9.]+")
        .containsPattern("steady state: writes\\s+0\\n");
  }
}
