package io.lambdaefs.operator.cli;

import static io.lambdaefs.operator.cli.PlanFixture.EXAMPLE;
import static io.lambdaefs.operator.cli.PlanFixture.WORLDS;
import static io.lambdaefs.operator.cli.PlanFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.cli.PlanFixture.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs {@code plan} cannot read: each fails at once with one line naming the path (or one JSON
 * object with {@code -o json}), before any parsing and before any AWS call.
 */
class PlanInputTest {
  @TempDir Path tmp;

  private static final String WORLD = WORLDS.resolve("base.yaml").toString();

  @Test
  void aDirectoryIsAnErrorNamingThePath() {
    Cli cli = run("plan", "-f", tmp.toString(), "--world", WORLD);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("plan: cannot read " + tmp + ": is a directory, not a file");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aBinaryFileIsAnErrorNamingThePath() throws IOException {
    Path binary = tmp.resolve("image.yaml");
    Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});

    Cli cli = run("plan", "-f", binary.toString(), "--world", WORLD);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).startsWith("plan: cannot read " + binary + ": is not a text file");
    assertThat(cli.err().lines()).hasSize(1);
  }

  @Test
  void aFileThatIsNotUtf8IsAnErrorNamingThePath() throws IOException {
    Path latin1 = tmp.resolve("latin1.yaml");
    Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    Cli cli = run("plan", "-f", latin1.toString(), "--world", WORLD);

    assertThat(cli.err().strip()).isEqualTo("plan: cannot read " + latin1 + ": is not UTF-8 text");
  }

  @Test
  void anOversizedFileIsRefusedBeforeParsing() throws IOException {
    // One value of 8 MiB: parsing and validating it used to take minutes at full CPU.
    char[] value = new char[8 * 1024 * 1024];
    Arrays.fill(value, 'a');
    Path big = tmp.resolve("big.yaml");
    Files.writeString(big, EXAMPLE.replace("/mnt/data", "/mnt/" + new String(value)));

    long start = System.nanoTime();
    Cli cli = run("plan", "-f", big.toString(), "--world", WORLD);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("plan: cannot read " + big + ": is " + Files.size(big) + " bytes, more than")
        .contains("not parsed");
    assertThat(millis).as("refused in %d ms", millis).isLessThan(5_000);
  }

  @Test
  void aLongValueWithinTheLimitIsQuotedShortInTheError() throws IOException {
    char[] value = new char[500_000];
    Arrays.fill(value, 'a');
    Path big =
        Files.writeString(
            tmp.resolve("long.yaml"), EXAMPLE.replace("/mnt/data", "/mnt/" + new String(value)));

    Cli cli = run("plan", "-f", big.toString(), "--world", WORLD);

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out())
        .contains("spec.mountPath: \"/mnt/aaaa")
        .contains("…\" is 500005 characters long, at most 160 allowed");
    assertThat(cli.out().length()).isLessThan(5_000);
  }

  @Test
  void anUnreadableWorldFileIsAnErrorNamingIt() throws IOException {
    Path mount = Files.writeString(tmp.resolve("mount.yaml"), EXAMPLE);

    Cli cli = run("plan", "-f", mount.toString(), "--world", tmp.toString());

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("plan: cannot read the world file " + tmp + ": is a directory, not a file");
  }

  @Test
  void withJsonOutputAnUnreadableFileIsAJsonErrorObject() throws IOException {
    Cli cli = run("plan", "-f", tmp.toString(), "--world", WORLD, "-o", "json");

    assertThat(cli.exit()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(cli.out());
    assertThat(root.get("result").asText()).isEqualTo("problems");
    assertThat(root.get("error").get("file").asText()).isEqualTo(tmp.toString());
    assertThat(root.get("error").get("message").asText()).contains("is a directory");
    assertThat(root.get("documents").isArray()).isTrue();
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void withoutCredentialsPlanSaysSoInOneLine() throws Exception {
    Map<String, String> env =
        Map.of("AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true");
    MainProcess.Result text =
        MainProcess.run(tmp, env, "plan", "-f", "examples/lambdaefsmount.yaml");

    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.err().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("plan: no AWS credentials found: set AWS_ACCESS_KEY_ID")
                    .contains("AWS_PROFILE", "IRSA", "--world"));
    assertThat(text.out()).doesNotContain("Unable to load credentials", "retrying");

    MainProcess.Result json =
        MainProcess.run(tmp, env, "plan", "-f", "examples/lambdaefsmount.yaml", "-o", "json");
    assertThat(new ObjectMapper().readTree(json.out()).get("error").get("message").asText())
        .startsWith("no AWS credentials found");
  }
}
