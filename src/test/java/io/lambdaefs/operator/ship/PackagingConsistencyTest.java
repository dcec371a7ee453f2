package io.lambdaefs.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image, the chart and the build agree on the jar, the user, the command and the version. */
class PackagingConsistencyTest {

  @Test
  void dockerfileBuildsTheShadedJarAndRunsItAsTheChartsUser() throws IOException {
    String dockerfile = Files.readString(Chart.ROOT.resolve("Dockerfile"));
    List<String> lines = dockerfile.lines().map(String::strip).toList();
    assertThat(lines)
        .contains(
            "FROM maven:3.9-eclipse-temurin-17 AS build",
            "FROM eclipse-temurin:17-jre",
            "COPY --from=build /src/target/lambda-efs-operator.jar /app/lambda-efs-operator.jar",
            "USER 65532:65532",
            "ENTRYPOINT [\"java\",\"-XX:MaxRAMPercentage=75\",\"-XX:+ExitOnOutOfMemoryError\",\"-jar\","
                + "\"/app/lambda-efs-operator.jar\"]",
            "CMD [\"run\"]");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("RUN") && l.contains("./mvnw -B -DskipTests package"));

    String pom = Files.readString(Chart.ROOT.resolve("pom.xml"));
    assertThat(pom).contains("<finalName>lambda-efs-operator</finalName>");
    assertThat(Files.readString(Chart.ROOT.resolve(".dockerignore")))
        .contains("!src/", "!pom.xml", "!mvnw", "!.mvn/");

    Map<String, Object> container =
        Chart.path(Chart.the(Chart.render(null), "Deployment"), "spec.template.spec.containers.0");
    assertThat((Object) Chart.path(container, "securityContext.runAsUser")).isEqualTo(65532);
    assertThat((Object) Chart.path(container, "args")).isEqualTo(List.of("run"));
  }

  /**
   * What the image's build stage compiles is what the project builds from: every directory the pom
   * reads (sources, resources, the examples the jar carries for demo) is in the Docker context and
   * copied into the build stage. A directory left out builds a jar without it, and Maven does not
   * complain about a missing resource directory.
   */
  @Test
  void theImageBuildStageHasEveryDirectoryThePomReads() throws IOException {
    String pom = Files.readString(Chart.ROOT.resolve("pom.xml"));
    List<String> read = new ArrayList<>(List.of("src/main/java"));
    Matcher resource = Pattern.compile("<directory>([^<$]+)</directory>").matcher(pom);
    while (resource.find()) {
      read.add(resource.group(1).strip());
    }
    assertThat(read).contains("src/main/resources", "examples");

    List<String> ignore =
        Files.readAllLines(Chart.ROOT.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    List<String> dockerfile = Files.readAllLines(Chart.ROOT.resolve("Dockerfile"));
    List<String> copied =
        dockerfile.stream()
            .takeWhile(l -> !l.startsWith("FROM eclipse-temurin"))
            .filter(l -> l.startsWith("COPY ") && !l.contains("--from"))
            .flatMap(l -> List.of(l.substring(5).trim().split("\\s+")).stream())
            .toList();
    for (String dir : read) {
      String file = dir + "/x";
      assertThat(inDockerContext(ignore, file))
          .as("%s is left out of the Docker context by .dockerignore", dir)
          .isTrue();
      assertThat(copied)
          .as("the build stage copies %s", dir)
          .anyMatch(c -> file.startsWith(c.endsWith("/") ? c : c + "/"));
    }
  }

  /** .dockerignore's rule: the last pattern that matches decides; '!' re-includes. */
  static boolean inDockerContext(List<String> patterns, String file) {
    boolean included = true;
    for (String p : patterns) {
      boolean negate = p.startsWith("!");
      String pattern = negate ? p.substring(1) : p;
      boolean matches =
          pattern.equals("*")
              || file.equals(pattern)
              || file.startsWith(pattern.endsWith("/") ? pattern : pattern + "/");
      if (matches) {
        included = negate;
      }
    }
    return included;
  }

  @Test
  void chartAppVersionIsTheProjectVersion() throws IOException {
    Map<String, Object> chart =
        Chart.parseAll(Files.readString(Chart.CHART.resolve("Chart.yaml"))).get(0);
    assertThat(chart)
        .containsEntry("apiVersion", "v2")
        .containsEntry("name", "lambda-efs-operator");
    Matcher version =
        Pattern.compile(
                "<artifactId>lambda-efs-operator</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Chart.ROOT.resolve("pom.xml")));
    assertThat(version.find()).isTrue();
    assertThat(chart.get("appVersion")).isEqualTo(version.group(1).replace("-SNAPSHOT", ""));
  }

  /** Every value a user sets has a comment right above it (the keys inside resources: excepted). */
  @Test
  void everyValueIsDocumented() throws IOException {
    List<String> lines = Files.readAllLines(Chart.CHART.resolve("values.yaml"));
    Pattern leaf = Pattern.compile("^(\\s*)([\\w.-]+):\\s*(\\S.*)?$");
    List<String> undocumented = new ArrayList<>();
    boolean inResources = false;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = leaf.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      if (m.group(1).isEmpty()) {
        inResources = m.group(2).equals("resources");
      } else if (inResources) {
        continue;
      }
      boolean isLeaf = m.group(3) != null;
      String previous = i > 0 ? lines.get(i - 1).strip() : "";
      if (isLeaf && !previous.startsWith("#")) {
        undocumented.add(lines.get(i).strip());
      }
    }
    assertThat(undocumented).as("values without a comment above them").isEmpty();
  }
}
