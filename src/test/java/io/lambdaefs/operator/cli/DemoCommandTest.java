package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default runs as the README promises: Ready, drift corrected, clean teardown, exit 0;
 * in a JVM of its own and a directory without examples/, as in the image (the jar carries them),
 * with nothing on standard error a user would have to wonder about.
 */
class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void demoConvergesCorrectsDriftAndCleansUp() throws Exception {
    Path cwd = Files.createDirectory(tmp.resolve("app"));
    MainProcess.Result demo = MainProcess.runIn(cwd, tmp, Map.of(), "demo");

    String out = demo.out();
    assertThat(demo.exit()).as(out + demo.err()).isZero();
    assertThat(out)
        .contains("seeded from examples/world.yaml (bundled)")
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
    assertThat(out + demo.err()).doesNotContain("unstable version", "WARN");
  }

  @Test
  void examplesThatCannotBeLoadedAreOneLine() throws Exception {
    MainProcess.Result demo =
        MainProcess.run(tmp, Map.of(), "demo", "--examples", tmp.resolve("none").toString());

    assertThat(demo.exit()).isEqualTo(1);
    assertThat(demo.err().strip())
        .isEqualTo("demo: cannot load the examples: no directory " + tmp.resolve("none"));
  }
}
