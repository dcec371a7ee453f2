package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lambdaefs.operator.validate.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's table "Rejected by the CRD", row by row, against the real API server (through {@code
 * kubectl create --dry-run=server}, which validates exactly as {@code kubectl apply} does but also
 * reaches the server without a name) and against plan's own validator: both must reject the same
 * fields for the same reasons, and plan must say what the README says. So a GitOps repository's CI
 * (plan) and the cluster never give different verdicts.
 */
@ExtendWith(RealApiServer.class)
class BadInputTableTest {
  private static final CrdValidator VALIDATOR = CrdValidator.fromClasspath();
  private static final ObjectMapper YAML = Serialization.yamlMapper();
  private static Cluster cluster;

  @TempDir static Path tmp;

  /** Each row of the README's table, by its first cell, as a change to the example. */
  private static final Map<String, Consumer<Map<String, Object>>> ROWS = new LinkedHashMap<>();

  static {
    row("`fileSystemId: fs-xyz`", d -> set(d, "spec.fileSystemId", "fs-xyz"));
    row("`mountPath: /data` (not under /mnt)", d -> set(d, "spec.mountPath", "/data"));
    row("`mountPath: /mnt/data/sub` (nested)", d -> set(d, "spec.mountPath", "/mnt/data/sub"));
    row("`mountPath` of 161 characters", d -> set(d, "spec.mountPath", "/mnt/" + "a".repeat(156)));
    row("`functionName` missing", d -> remove(d, "spec.functionName"));
    row("`functionName: \"\"`", d -> set(d, "spec.functionName", ""));
    row(
        "`functionName: file-processor:prod` (an alias)",
        d -> set(d, "spec.functionName", "file-processor:prod"));
    row(
        "`functionName: arn:aws:lambda:us-east-1:123456789012:function:file-processor:3` (a version)",
        d ->
            set(
                d,
                "spec.functionName",
                "arn:aws:lambda:us-east-1:123456789012:function:file-processor:3"));
    row("`driftPolicy: Fix`", d -> set(d, "spec.driftPolicy", "Fix"));
    row("`deletionPolicy: Orphan`", d -> set(d, "spec.deletionPolicy", "Orphan"));
    row("`iam.mode: verify` (wrong case)", d -> set(d, "spec.iam.mode", "verify"));
    row("`posixUser.uid: 4294967296`", d -> set(d, "spec.accessPoint.posixUser.uid", 4294967296L));
    row("`posixUser.uid: -1`", d -> set(d, "spec.accessPoint.posixUser.uid", -1));
    row(
        "`posixUser.uid: \"1000\"` (a string)",
        d -> set(d, "spec.accessPoint.posixUser.uid", "1000"));
    row(
        "`creationInfo.permissions: \"999\"`",
        d -> set(d, "spec.accessPoint.rootDirectory.creationInfo.permissions", "999"));
    row(
        "`creationInfo.permissions: 755` (unquoted: a number)",
        d -> set(d, "spec.accessPoint.rootDirectory.creationInfo.permissions", 755));
    row(
        "`creationInfo` without `ownerGid`",
        d -> remove(d, "spec.accessPoint.rootDirectory.creationInfo.ownerGid"));
    row(
        "`rootDirectory.path: /a/b/c/d/e` (5 levels)",
        d -> set(d, "spec.accessPoint.rootDirectory.path", "/a/b/c/d/e"));
    row(
        "`rootDirectory.path: lambda-data` (relative)",
        d -> set(d, "spec.accessPoint.rootDirectory.path", "lambda-data"));
    row(
        "both `existingId` and `posixUser` (CEL)",
        d -> {
          set(d, "spec.accessPoint.existingId", "fsap-0123456789abcdef0");
          remove(d, "spec.accessPoint.rootDirectory");
          remove(d, "spec.accessPoint.tags");
        });
    row("neither `existingId` nor `posixUser` (CEL)", d -> remove(d, "spec.accessPoint.posixUser"));
    row(
        "`existingId` with `rootDirectory` or `tags` (CEL)",
        d -> {
          remove(d, "spec.accessPoint.posixUser");
          set(d, "spec.accessPoint.existingId", "fsap-0123456789abcdef0");
        });
    row(
        "`existingId: ap-123`",
        d -> {
          remove(d, "spec.accessPoint.posixUser");
          remove(d, "spec.accessPoint.rootDirectory");
          remove(d, "spec.accessPoint.tags");
          set(d, "spec.accessPoint.existingId", "ap-123");
        });
    row("`readOnly: \"yes\"`", d -> set(d, "spec.readOnly", "yes"));
    row("`region: US-EAST-1`", d -> set(d, "spec.region", "US-EAST-1"));
    row(
        "`roleArn: arn:aws:iam::123456789012:user/deployer` (a user, not a role)",
        d -> set(d, "spec.roleArn", "arn:aws:iam::123456789012:user/deployer"));
    row(
        "six `network.securityGroupIds`",
        d ->
            set(
                d,
                "spec.network.securityGroupIds",
                List.of("sg-01", "sg-02", "sg-03", "sg-04", "sg-05", "sg-06")));
    row(
        "a typo, `mountpath:`",
        d -> {
          Object path = remove(d, "spec.mountPath");
          set(d, "spec.mountpath", path);
        });
    row("`metadata.lables:`", d -> set(d, "metadata.lables", Map.of("team", "a")));
    row("`apiVersion: lambdaefs.io/v1`", d -> d.put("apiVersion", "lambdaefs.io/v1"));
    row("`kind: LambdaEfsMounts`", d -> d.put("kind", "LambdaEfsMounts"));
    row("`metadata.name` missing", d -> remove(d, "metadata.name"));
    row("`metadata.name: File_Processor`", d -> set(d, "metadata.name", "File_Processor"));
    row("`metadata.namespace: Team_A`", d -> set(d, "metadata.namespace", "Team_A"));
  }

  @BeforeAll
  static void install(Cluster c) {
    cluster = c;
    cluster.applyCrd();
  }

  /** README rows, first cell to second, without those marked (`plan` only). */
  static Map<String, String> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start =
        lines.indexOf("### Rejected by the CRD (the API server, and `plan` before any AWS call)");
    assertThat(start).as("README has the table").isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (rows.size() > 0 && !line.startsWith("|")) {
        break;
      }
      if (!line.startsWith("| ") || line.startsWith("| Bad input") || line.startsWith("| ---")) {
        continue;
      }
      String[] cells = line.substring(1).split("(?<!\\\\)\\|");
      String input = cells[0].strip();
      String seen = cells[1].strip().replace("\\|", "|");
      if (!seen.contains("(`plan` only")) {
        rows.put(input, seen);
      }
    }
    return rows;
  }

  @Test
  void everyRowOfTheReadmeTableIsTried() throws IOException {
    assertThat(readmeRows().keySet()).containsExactlyElementsOf(ROWS.keySet());
  }

  static Stream<Arguments> rows() throws IOException {
    return readmeRows().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theServerAndPlanRejectTheSameFieldsForTheSameReasons(String input, String readme)
      throws IOException {
    Map<String, Object> doc = example();
    assertThat(ROWS).as("a change for README row %s", input).containsKey(input);
    ROWS.get(input).accept(doc);

    CrdValidator.Result plan = VALIDATOR.validate(doc);
    List<String> planLines = plan.errors().stream().map(e -> e.toString()).toList();
    assertThat(planLines)
        .as("plan says what the README says for %s", input)
        .anySatisfy(l -> assertThat(l).matches(readmePattern(readme)));

    Path file = Files.createTempFile(tmp, "bad", ".yaml");
    YAML.writeValue(file.toFile(), doc);
    Cluster.Result server =
        cluster.kubectl("create", "--dry-run=server", "-o", "name", "-f", file.toString());
    assertThat(server.exitCode()).as("the server accepts %s: %s", input, server.out()).isNotZero();

    TreeSet<Verdict> fromServer = new TreeSet<>(Verdict.ofKubectl(server.err()));
    TreeSet<Verdict> fromPlan = new TreeSet<>();
    plan.errors().forEach(e -> fromPlan.add(Verdict.ofPlan(e.path(), e.message())));
    assertThat(fromPlan)
        .as(
            "%s%nkubectl: %s%nplan:%n  %s",
            input, server.err().strip(), String.join("\n  ", planLines))
        .isEqualTo(fromServer);
  }

  /** The README's text as a pattern: "…" (a shortened value) matches anything. */
  private static String readmePattern(String readme) {
    String text = readme.replaceAll("^`|`$", "");
    List<String> parts = new ArrayList<>();
    for (String part : text.split("…|\\.\\.\\.", -1)) {
      parts.add(Pattern.quote(part));
    }
    return ".*" + String.join(".*", parts) + ".*";
  }

  private static Map<String, Object> example() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc =
        YAML.readValue(
            Files.readString(Path.of("examples/lambdaefsmount.yaml")), LinkedHashMap.class);
    return doc;
  }

  private static void row(String input, Consumer<Map<String, Object>> change) {
    ROWS.put(input, change);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parent(Map<String, Object> doc, String path) {
    Map<String, Object> at = doc;
    String[] keys = path.split("\\.");
    for (int i = 0; i < keys.length - 1; i++) {
      at = (Map<String, Object>) at.computeIfAbsent(keys[i], k -> new LinkedHashMap<>());
    }
    return at;
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static void set(Map<String, Object> doc, String path, Object value) {
    parent(doc, path).put(leaf(path), value);
  }

  private static Object remove(Map<String, Object> doc, String path) {
    return parent(doc, path).remove(leaf(path));
  }
}
