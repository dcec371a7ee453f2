package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The embedded default runs as the README promises: Ready, drift corrected, clean teardown, exit 0.
 */
class DemoCommandTest {

  @Test
  void demoConvergesCorrectsDriftAndCleansUp() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = new CommandLine(new DemoCommand()).execute();
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains("Ready               True  Mounted")
        .contains("Drifted             True  FileSystemConfigRemoved")
        .contains("Event Warning DriftDetected")
        .contains("Event Normal  DriftCorrected")
        .contains("deleted (finalizer removed after cleanup)")
        .contains("Demo passed");
    String after = out.substring(out.indexOf("== AWS after cleanup"));
    assertThat(after)
        .doesNotContain("[created by the operator]")
        .contains("file systems []")
        .contains("no security-group rule tagged by the operator")
        .contains("fsap-0123456789abcdef0");
  }
}
