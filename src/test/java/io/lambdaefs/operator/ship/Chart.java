package io.lambdaefs.operator.ship;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Renders the Helm chart with real Helm (helm-java) and reads YAML into plain maps and lists. */
final class Chart {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path CHART = ROOT.resolve("helm/lambda-efs-operator");
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final String RELEASE = "lambda-efs-operator";
  static final String NAMESPACE = "lambda-efs-operator";

  /** helm-java otherwise pretends to be Kubernetes 1.20, older than the chart allows. */
  static final String KUBE_VERSION = "v1.31.0";

  private static final ObjectMapper YAML = new YAMLMapper();

  private Chart() {}

  /** {@code helm template} with the chart's defaults plus, if not null, the given values YAML. */
  static String template(String valuesYaml) {
    TemplateCommand cmd =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    if (valuesYaml != null) {
      try {
        Path values = Files.createTempFile("values-", ".yaml");
        values.toFile().deleteOnExit();
        Files.writeString(values, valuesYaml);
        cmd = cmd.withValuesFile(values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cmd.call();
  }

  static List<Map<String, Object>> render(String valuesYaml) {
    return parseAll(template(valuesYaml));
  }

  /** Every non-empty document of a multi-document YAML stream. */
  static List<Map<String, Object>> parseAll(String yaml) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (MappingIterator<Map<String, Object>> it =
        YAML.readerFor(new TypeReference<Map<String, Object>>() {})
            .readValues(new YAMLFactory().createParser(yaml))) {
      while (it.hasNext()) {
        Map<String, Object> doc = it.next();
        if (doc != null && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static Optional<Map<String, Object>> find(
      List<Map<String, Object>> docs, String kind, String name) {
    return ofKind(docs, kind).stream()
        .filter(d -> Objects.equals(name, path(d, "metadata.name")))
        .findFirst();
  }

  static Map<String, Object> the(List<Map<String, Object>> docs, String kind) {
    List<Map<String, Object>> found = ofKind(docs, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + " but found " + found.size());
    }
    return found.get(0);
  }

  /** Follows a dotted path of map keys; a numeric segment indexes a list. Null when absent. */
  @SuppressWarnings("unchecked")
  static <T> T path(Object node, String dotted) {
    Object cur = node;
    for (String part : dotted.split("\\.")) {
      if (cur instanceof Map<?, ?> m) {
        cur = m.get(part);
      } else if (cur instanceof List<?> l && part.chars().allMatch(Character::isDigit)) {
        int i = Integer.parseInt(part);
        cur = i < l.size() ? l.get(i) : null;
      } else {
        return null;
      }
    }
    return (T) cur;
  }
}
