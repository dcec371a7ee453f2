package io.lambdaefs.operator.ship;

import static io.lambdaefs.operator.ship.Chart.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/ holds plain manifests for {@code kubectl apply -k deploy/}: the chart's default rendering
 * (release and namespace lambda-efs-operator) plus the Namespace and the CRD. This test keeps them
 * equal to the chart, comparing parsed objects, not text.
 *
 * <p>To regenerate deploy/ after changing the chart: {@code deploy/regenerate.sh}, which runs this
 * test with {@code -Dregenerate=true} (the test then writes the files before comparing).
 */
class DeployManifestsTest {

  static final boolean REGENERATE = Boolean.getBoolean("regenerate");
  static final Pattern NUMBERED = Pattern.compile("\\d\\d-.+\\.yaml");
  static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");

  /** Which file each rendered kind goes to; a new kind in the chart must be given a file here. */
  static final Map<String, String> FILE_BY_KIND =
      Map.of(
          "Namespace", "00-namespace.yaml",
          "CustomResourceDefinition", "01-crd.yaml",
          "ServiceAccount", "02-rbac.yaml",
          "ClusterRole", "02-rbac.yaml",
          "ClusterRoleBinding", "02-rbac.yaml",
          "Role", "02-rbac.yaml",
          "RoleBinding", "02-rbac.yaml",
          "Deployment", "03-deployment.yaml",
          "Service", "04-service.yaml",
          "PodDisruptionBudget", "05-pdb.yaml");

  static final String HEADER =
      """
      # Generated from the Helm chart helm/lambda-efs-operator (default values, release and namespace
      # lambda-efs-operator). Do not edit: change the chart and run deploy/regenerate.sh.
      """;

  static final String NAMESPACE_YAML =
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: lambda-efs-operator
        labels:
          # The operator pods meet the restricted Pod Security Standard.
          pod-security.kubernetes.io/enforce: restricted
          pod-security.kubernetes.io/enforce-version: latest
      """;

  /** The chart's label (.Release.Service); the plain manifests are applied with kubectl -k. */
  static final String HELM_MANAGED = "app.kubernetes.io/managed-by: Helm";

  static final String KUSTOMIZE_MANAGED = "app.kubernetes.io/managed-by: kustomize";

  static Map<String, String> expected;

  @BeforeAll
  static void renderAndMaybeRegenerate() throws IOException {
    expected = expectedFiles();
    if (REGENERATE) {
      try (Stream<Path> files = Files.list(Chart.DEPLOY)) {
        for (Path stale :
            files.filter(p -> NUMBERED.matcher(p.getFileName().toString()).matches()).toList()) {
          Files.delete(stale);
        }
      }
      for (Map.Entry<String, String> file : expected.entrySet()) {
        Files.writeString(
            Chart.DEPLOY.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  /** File name to content, in file-name order; kustomization.yaml last. */
  static Map<String, String> expectedFiles() throws IOException {
    Map<String, StringBuilder> byFile = new TreeMap<>();
    add(byFile, NAMESPACE_YAML);
    String crd = Files.readString(Chart.ROOT.resolve("crds").resolve(HelmChartTest.CRD_FILE));
    byFile.put(FILE_BY_KIND.get("CustomResourceDefinition"), new StringBuilder(HEADER).append(crd));
    for (String doc : DOCUMENT_SEPARATOR.split(Chart.template(null))) {
      if (!Chart.parseAll(doc).isEmpty()) {
        add(byFile, doc.strip().replace(HELM_MANAGED, KUSTOMIZE_MANAGED) + "\n");
      }
    }
    Map<String, String> files = new LinkedHashMap<>();
    byFile.forEach((name, content) -> files.put(name, content.toString()));
    StringBuilder kustomization =
        new StringBuilder(HEADER)
            .append(
                """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        """);
    files.keySet().forEach(name -> kustomization.append("  - ").append(name).append('\n'));
    files.put("kustomization.yaml", kustomization.toString());
    return files;
  }

  private static void add(Map<String, StringBuilder> byFile, String doc) {
    List<Map<String, Object>> parsed = Chart.parseAll(doc);
    assertThat(parsed).hasSize(1);
    String kind = (String) parsed.get(0).get("kind");
    String file = FILE_BY_KIND.get(kind);
    assertThat(file)
        .as("no deploy/ file is assigned to kind %s: add it to FILE_BY_KIND", kind)
        .isNotNull();
    StringBuilder content = byFile.computeIfAbsent(file, k -> new StringBuilder(HEADER));
    content.append("---\n").append(doc);
  }

  @Test
  void plainManifestsDoNotClaimToBeManagedByHelm() throws IOException {
    for (String file : expected.keySet()) {
      String content = Files.readString(Chart.DEPLOY.resolve(file));
      assertThat(content).as(file).doesNotContain(HELM_MANAGED);
      for (Map<String, Object> doc : Chart.parseAll(content)) {
        Map<String, Object> labels = Chart.path(doc, "metadata.labels");
        assertThat(labels == null ? null : labels.get("app.kubernetes.io/managed-by"))
            .as(file)
            .isIn(null, "kustomize");
      }
    }
  }

  @Test
  void deployManifestsEqualTheChartsDefaultRendering() throws IOException {
    for (Map.Entry<String, String> file : expected.entrySet()) {
      Path actual = Chart.DEPLOY.resolve(file.getKey());
      assertThat(actual).as("missing; run deploy/regenerate.sh").exists();
      assertThat(Chart.parseAll(Files.readString(actual)))
          .as("deploy/%s differs from the chart; run deploy/regenerate.sh", file.getKey())
          .isEqualTo(Chart.parseAll(file.getValue()));
    }
  }

  @Test
  void deployHasNoStaleManifests() throws IOException {
    try (Stream<Path> files = Files.list(Chart.DEPLOY)) {
      List<String> yaml =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).toList();
      assertThat(yaml).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
  }

  @Test
  void crdManifestIsTheCrdFileVerbatimAfterTheHeader() throws IOException {
    String crd = Files.readString(Chart.ROOT.resolve("crds").resolve(HelmChartTest.CRD_FILE));
    assertThat(Files.readString(Chart.DEPLOY.resolve("01-crd.yaml"))).isEqualTo(HEADER + crd);
  }

  @Test
  void kustomizationListsEveryManifestInOrder() throws IOException {
    Map<String, Object> k =
        Chart.parseAll(Files.readString(Chart.DEPLOY.resolve("kustomization.yaml"))).get(0);
    List<String> manifests = new ArrayList<>(expected.keySet());
    manifests.remove("kustomization.yaml");
    assertThat((List<String>) path(k, "resources"))
        .containsExactlyElementsOf(manifests)
        .startsWith("00-namespace.yaml", "01-crd.yaml");
  }

  @Test
  void exampleIsAValidLambdaEfsMount() throws IOException {
    String yaml = Files.readString(Chart.DEPLOY.resolve("examples/lambdaefsmount.yaml"));
    // Unknown fields fail: every key of the example exists in the API model.
    LambdaEfsMount mount =
        new YAMLMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(yaml, LambdaEfsMount.class);
    assertThat(mount.getApiVersion()).isEqualTo("lambdaefs.io/v1alpha1");
    assertThat(mount.getKind()).isEqualTo("LambdaEfsMount");
    var spec = mount.getSpec();
    assertThat(spec.getFunctionName()).isEqualTo("file-processor");
    assertThat(spec.getFileSystemId())
        .isEqualTo("fs-0abc123def456789")
        .matches("^fs-[0-9a-f]{8,40}$");
    assertThat(spec.getMountPath()).isEqualTo("/mnt/data").matches("^/mnt/[a-zA-Z0-9-_.]+$");
    assertThat(spec.getAccessPoint().getExistingId()).isNull();
    assertThat(spec.getAccessPoint().getPosixUser().getUid()).isEqualTo(1000L);
    assertThat(spec.getAccessPoint().getPosixUser().getGid()).isEqualTo(1000L);
    var root = spec.getAccessPoint().getRootDirectory();
    assertThat(root.getPath()).isEqualTo("/lambda-data");
    assertThat(root.getCreationInfo().getOwnerUid()).isEqualTo(1000L);
    assertThat(root.getCreationInfo().getOwnerGid()).isEqualTo(1000L);
    assertThat(root.getCreationInfo().getPermissions()).isEqualTo("755");
  }
}
