package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench refuses options it cannot run with before it starts anything. */
class BenchCommandTest {

  @Test
  void aZeroOrNegativeResourceCountOrAnUnknownOutputIsRefusedWithItsName() {
    assertThat(refused("--chaos", "--resources", "0")).contains("--resources must be at least 1");
    assertThat(refused("--resources", "-3")).contains("--resources must be at least 1");
    assertThat(refused("--chaos", "-o", "xml")).contains("-o must be text or json");
  }

  private static String refused(String... args) {
    PrintStream stderr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(new CommandLine(new BenchCommand()).execute(args)).isEqualTo(2);
    } finally {
      System.setErr(stderr);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
