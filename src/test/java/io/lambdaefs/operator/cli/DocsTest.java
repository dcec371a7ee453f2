package io.lambdaefs.operator.cli;

import static io.lambdaefs.operator.cli.PlanFixture.execute;
import static io.lambdaefs.operator.cli.PlanFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.plan.ReasonsInSource;
import io.lambdaefs.operator.plan.Symptoms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user docs stay true: README's samples are what the commands print, and every file the docs
 * and the examples point to is in the repository.
 */
class DocsTest {
  static final Path README = Path.of("README.md");

  @TempDir Path tmp;

  /** The first fenced block after {@code marker}. */
  static String sampleAfter(String marker) throws IOException {
    String readme = Files.readString(README);
    int at = readme.indexOf(marker);
    assertThat(at).as("README has %s", marker).isNotNegative();
    int start = readme.indexOf("```\n", at) + 4;
    return readme.substring(start, readme.indexOf("```", start));
  }

  /** The fenced block that starts with {@code prefix}. */
  static String sampleStartingWith(String prefix) throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("```\n" + prefix);
    assertThat(start).as("README has a sample starting %s", prefix).isNotNegative();
    return readme.substring(start + 4, readme.indexOf("```", start + 4));
  }

  @Test
  void readmesPlanSampleIsWhatPlanPrintsForTheExample() throws IOException {
    PlanFixture.Cli cli =
        run("plan", "-f", "examples/lambdaefsmount.yaml", "--world", "examples/world.yaml");
    assertThat(sampleAfter("On the example:")).isEqualTo(cli.out());
  }

  @Test
  void readmesDiagnoseSampleIsWhatDiagnosePrints() throws IOException {
    // The mounted world with NFS closed and Lambda's default timeout.
    String world =
        PlanFixture.world("mounted.yaml")
            .replace(
                "        ingress: [{protocol: tcp, fromPort: 2049, toPort: 2049, peerGroupId:"
                    + " sg-0lambda}]\n",
                "")
            .replace("    timeout: 30\n", "");
    Path file = Files.writeString(tmp.resolve("world.yaml"), world);
    PlanFixture.Cli cli =
        execute(
            DiagnoseCommand::new,
            "diagnose",
            "--function",
            "file-processor",
            "--world",
            file.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(sampleStartingWith("Function file-processor (arn:")).isEqualTo(cli.out());
  }

  /** The README's reasons table explains every reason a condition of the code can carry. */
  @Test
  void theReadmesReasonsTableHasEveryReasonTheCodeSets() throws IOException {
    String readme = Files.readString(README);
    int table = readme.indexOf("| Reason | Condition(s) | Meaning and fix |");
    assertThat(table).as("README's reasons table").isNotNegative();
    Set<String> listed = new TreeSet<>();
    for (String line : readme.substring(table).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      Matcher m = Pattern.compile("`(\\w+)`").matcher(line.split("\\|")[1]);
      while (m.find()) {
        listed.add(m.group(1));
      }
    }
    Set<String> missing = new TreeSet<>(ReasonsInSource.all());
    missing.removeAll(listed);
    assertThat(missing).as("reasons the README's table does not explain").isEmpty();
  }

  @Test
  void everyFileTheDocsLinkToExists() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(README));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
    }
    Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    List<String> broken = new ArrayList<>();
    for (Path doc : docs) {
      Matcher m = link.matcher(Files.readString(doc));
      while (m.find()) {
        String target = m.group(1);
        if (!target.matches("^[a-z]+:.*") && !Files.exists(doc.resolveSibling(target))) {
          broken.add(doc + " -> " + target);
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void noDocPointsToFilesOutsideTheRepository() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(README));
    for (String dir : List.of("docs", "examples")) {
      try (Stream<Path> files = Files.list(Path.of(dir))) {
        files.forEach(docs::add);
      }
    }
    for (Path doc : docs) {
      assertThat(Files.readString(doc))
          .as(doc.toString())
          .doesNotContain("AWS-SEMANTICS", "DESIGN.md");
    }
  }

  @Test
  void readmeDocumentsTheNewChecksAndTheirFixes() throws IOException {
    String readme = Files.readString(README);
    for (String reason :
        List.of(
            "TimeoutTooShortForMount",
            "RootDirectoryNotWritable",
            "RootDirectoryNotAccessible",
            "BurstingThroughputAtScale",
            "ConnectionLimitApproaching",
            "RootDirectoryWithoutCreationInfo")) {
      assertThat(readme).contains("| `" + reason + "` |");
      assertThat(Symptoms.of(reason)).as(reason).isPresent();
    }
  }
}
