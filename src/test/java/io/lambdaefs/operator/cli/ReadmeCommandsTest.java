package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's two commands stay exact, and CI runs the README's test command. */
class ReadmeCommandsTest {
  static final String DEMO =
      "./mvnw -B -q package -DskipTests && java -jar target/lambda-efs-operator.jar demo";
  static final String TEST = "./mvnw -B test";

  @Test
  void readmeGivesTheDemoAndTheTestCommand() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(readme).contains("```sh\n" + DEMO + "\n```").contains("```sh\n" + TEST + "\n```");
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws Exception {
    assertThat(Files.readAllLines(Path.of(".ci/run"))).contains(TEST);
    assertThat(Files.isExecutable(Path.of(".ci/run"))).isTrue();
  }

  @Test
  void theDemoCommandRunsTheJarTheBuildProduces() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom)
        .contains("<finalName>lambda-efs-operator</finalName>")
        .contains("<mainClass>io.lambdaefs.operator.cli.Main</mainClass>");
  }
}
