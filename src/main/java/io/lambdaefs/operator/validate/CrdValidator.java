package io.lambdaefs.operator.validate;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a document the way the API server would before storing it: apiVersion and kind, the
 * object metadata, the version's openAPIV3Schema (strict: unknown fields are errors) and its {@code
 * x-kubernetes-validations} CEL rules. A GitOps repository's CI has no API server to ask.
 */
public final class CrdValidator {
  /** The CRD the crd-generator writes into the jar; the same file as crds/ in the repository. */
  public static final String CRD_RESOURCE = "META-INF/fabric8/lambdaefsmounts.lambdaefs.io-v1.yml";

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

  /** ObjectMeta's fields: a file may carry any of them (kubectl get -o yaml output, for one). */
  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "labels",
          "annotations",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "finalizers",
          "ownerReferences",
          "managedFields",
          "selfLink");

  static final String UNKNOWN_FIELD = "unknown field";
  static final String REQUIRED = "required field is missing";

  private final CustomResourceDefinition crd;
  private final CelRules cel = new CelRules();

  public CrdValidator(CustomResourceDefinition crd) {
    this.crd = crd;
  }

  /** The CRD this jar was built with. */
  public static CrdValidator fromClasspath() {
    try (InputStream in = CrdValidator.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            CRD_RESOURCE + " is not on the classpath; build with process-classes");
      }
      return new CrdValidator(Serialization.unmarshal(in, CustomResourceDefinition.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the API server would say; {@code object} is the document with defaults applied when valid.
   */
  public record Result(List<ValidationError> errors, Map<String, Object> object) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  public Result validate(Object document) {
    List<ValidationError> errors = new ArrayList<>();
    if (!(document instanceof Map<?, ?> map)) {
      errors.add(new ValidationError("", "a document must be an object, not " + document));
      return new Result(errors, null);
    }
    String group = crd.getSpec().getGroup();
    String kind = crd.getSpec().getNames().getKind();
    CustomResourceDefinitionVersion version = version(map.get("apiVersion"), group, errors);
    if (!kind.equals(map.get("kind"))) {
      errors.add(
          new ValidationError("kind", SchemaCheck.quote(map.get("kind")) + " is not " + kind));
    }
    metadata(map.get("metadata"), errors);
    if (version == null) {
      return new Result(errors, null);
    }

    Map<String, Object> body = new LinkedHashMap<>();
    map.forEach((k, v) -> body.put(String.valueOf(k), v));
    Map<String, Object> envelope = new LinkedHashMap<>();
    for (String key : List.of("apiVersion", "kind", "metadata")) {
      envelope.put(key, body.remove(key));
    }
    SchemaCheck check = new SchemaCheck();
    Object checked = check.check("", version.getSchema().getOpenAPIV3Schema(), body);
    errors.addAll(check.errors);
    // Strict field validation refuses to decode a document with unknown fields: the API server
    // then names those fields and nothing else (a typo is not also a missing field).
    List<ValidationError> unknown =
        errors.stream().filter(e -> e.message().startsWith(UNKNOWN_FIELD)).toList();
    if (!unknown.isEmpty()) {
      return new Result(unknown, null);
    }
    boolean nameMissing =
        errors.stream()
            .anyMatch(e -> e.path().equals("metadata.name") && e.message().equals(REQUIRED));
    if (check.blocking || nameMissing) {
      errors.add(
          new ValidationError(
              "",
              "some validation rules were not checked because the object was "
                  + "invalid; correct the errors above to complete validation"));
    } else {
      for (SchemaCheck.RuleSite site : check.ruleSites) {
        cel.check(site.path(), site.rule(), site.self()).ifPresent(errors::add);
      }
    }
    Map<String, Object> object = new LinkedHashMap<>(envelope);
    if (checked instanceof Map<?, ?> m) {
      m.forEach((k, v) -> object.put(String.valueOf(k), v));
    }
    return new Result(List.copyOf(errors), errors.isEmpty() ? object : null);
  }

  private CustomResourceDefinitionVersion version(
      Object apiVersion, String group, List<ValidationError> errors) {
    List<String> served =
        crd.getSpec().getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getServed()))
            .map(v -> group + "/" + v.getName())
            .toList();
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      if (Boolean.TRUE.equals(v.getServed()) && (group + "/" + v.getName()).equals(apiVersion)) {
        return v;
      }
    }
    errors.add(
        new ValidationError(
            "apiVersion",
            SchemaCheck.quote(apiVersion) + " is not " + String.join(" or ", served)));
    return null;
  }

  private static void metadata(Object metadata, List<ValidationError> errors) {
    if (!(metadata instanceof Map<?, ?> meta)) {
      errors.add(
          new ValidationError("metadata", metadata == null ? REQUIRED : "must be an object"));
      return;
    }
    for (Object key : meta.keySet()) {
      if (!OBJECT_META.contains(String.valueOf(key))) {
        errors.add(new ValidationError("metadata." + key, UNKNOWN_FIELD));
      }
    }
    Object name = meta.get("name");
    if (name == null) {
      errors.add(new ValidationError("metadata.name", REQUIRED));
    } else if (!(name instanceof String s)
        || s.length() > 253
        || !DNS_SUBDOMAIN.matcher(s).matches()) {
      errors.add(
          new ValidationError(
              "metadata.name",
              SchemaCheck.quote(name)
                  + " is not a valid name: lower "
                  + "case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters"));
    }
    Object namespace = meta.get("namespace");
    if (namespace != null
        && (!(namespace instanceof String s)
            || s.length() > 63
            || !DNS_LABEL.matcher(s).matches())) {
      errors.add(
          new ValidationError(
              "metadata.namespace",
              SchemaCheck.quote(namespace)
                  + " is not a valid "
                  + "namespace: lower case letters, digits and '-', at most 63 characters, "
                  + "so no such namespace can exist"));
    }
    for (String field : List.of("labels", "annotations")) {
      Object value = meta.get(field);
      if (value != null
          && !(value instanceof Map<?, ?> m
              && m.values().stream().allMatch(v -> v instanceof String))) {
        errors.add(new ValidationError("metadata." + field, "must be a map of strings to strings"));
      }
    }
  }
}
