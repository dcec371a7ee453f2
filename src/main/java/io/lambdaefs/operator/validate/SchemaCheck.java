package io.lambdaefs.operator.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One walk of a value against a structural OpenAPI v3 schema, the way the API server treats a
 * custom resource: nulls of non-nullable fields pruned, defaults applied, then types, formats and
 * bounds checked, unknown fields rejected (strict field validation). The {@code
 * x-kubernetes-validations} met on the way are collected with the value at their level, to be
 * evaluated once the structure is sound.
 */
final class SchemaCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A CEL rule and the value it is about. */
  record RuleSite(String path, ValidationRule rule, Object self) {}

  final List<ValidationError> errors = new ArrayList<>();
  final List<RuleSite> ruleSites = new ArrayList<>();

  /**
   * An error the API server counts as blocking (a wrong type, a value outside an enum, a missing
   * required field, a string too long, too many items): it then skips CEL, whose input would be
   * unsound. Pattern, minimum and minLength errors are not blocking there.
   */
  boolean blocking;

  /**
   * Checks {@code value} at {@code path}; returns the value with nulls pruned and defaults applied.
   */
  Object check(String path, JSONSchemaProps schema, Object value) {
    String type = schema.getType();
    Object checked;
    if ("object".equals(type)) {
      if (!(value instanceof Map<?, ?> map)) {
        return wrongType(path, "an object", value);
      }
      checked = object(path, schema, map);
    } else if ("array".equals(type)) {
      if (!(value instanceof List<?> list)) {
        return wrongType(path, "a list", value);
      }
      checked = array(path, schema, list);
    } else if ("string".equals(type)) {
      if (!(value instanceof String s)) {
        return wrongType(path, "a string", value);
      }
      string(path, schema, s);
      checked = s;
    } else if ("integer".equals(type)) {
      if (!isInteger(value)) {
        return wrongType(path, "an integer", value);
      }
      bounds(path, schema, new BigDecimal(value.toString()));
      checked = value;
    } else if ("number".equals(type)) {
      if (!(value instanceof Number n)) {
        return wrongType(path, "a number", value);
      }
      bounds(path, schema, new BigDecimal(n.toString()));
      checked = value;
    } else if ("boolean".equals(type)) {
      if (!(value instanceof Boolean)) {
        return wrongType(path, "true or false", value);
      }
      checked = value;
    } else {
      checked =
          value; // no type: x-kubernetes-preserve-unknown-fields or int-or-string, not used by this
      // CRD
    }
    enumeration(path, schema, checked);
    if (schema.getXKubernetesValidations() != null) {
      schema
          .getXKubernetesValidations()
          .forEach(rule -> ruleSites.add(new RuleSite(path, rule, checked)));
    }
    return checked;
  }

  private Map<String, Object> object(String path, JSONSchemaProps schema, Map<?, ?> map) {
    Map<String, JSONSchemaProps> properties =
        schema.getProperties() == null ? Map.of() : schema.getProperties();
    JSONSchemaProps additional =
        schema.getAdditionalProperties() == null
            ? null
            : schema.getAdditionalProperties().getSchema();
    boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      String child = join(path, key);
      JSONSchemaProps childSchema = properties.containsKey(key) ? properties.get(key) : additional;
      if (childSchema == null) {
        if (preserve) {
          out.put(key, e.getValue());
        } else {
          errors.add(new ValidationError(child, CrdValidator.UNKNOWN_FIELD + known(properties)));
        }
        continue;
      }
      if (e.getValue() == null && !Boolean.TRUE.equals(childSchema.getNullable())) {
        continue; // pruned, as the API server does before defaulting
      }
      out.put(key, e.getValue() == null ? null : check(child, childSchema, e.getValue()));
    }
    for (Map.Entry<String, JSONSchemaProps> p : properties.entrySet()) {
      JsonNode def = p.getValue().getDefault();
      if (!out.containsKey(p.getKey()) && def != null && !def.isNull()) {
        out.put(p.getKey(), JSON.convertValue(def, Object.class));
      }
    }
    if (schema.getRequired() != null) {
      for (String required : schema.getRequired()) {
        if (!out.containsKey(required)) {
          blocking = true;
          errors.add(new ValidationError(join(path, required), CrdValidator.REQUIRED));
        }
      }
    }
    return out;
  }

  private List<Object> array(String path, JSONSchemaProps schema, List<?> list) {
    if (schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
      blocking = true;
      errors.add(
          new ValidationError(
              path, list.size() + " items, at most " + schema.getMaxItems() + " allowed"));
    }
    if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
      errors.add(
          new ValidationError(
              path, list.size() + " items, at least " + schema.getMinItems() + " needed"));
    }
    JSONSchemaProps items = schema.getItems() == null ? null : schema.getItems().getSchema();
    List<Object> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(items == null ? list.get(i) : check(path + "[" + i + "]", items, list.get(i)));
    }
    return out;
  }

  private void string(String path, JSONSchemaProps schema, String s) {
    // Lengths count characters (code points), as the API server does, not UTF-16 units.
    int length = s.codePointCount(0, s.length());
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      blocking = true;
      errors.add(
          new ValidationError(
              path,
              quote(s)
                  + " is "
                  + length
                  + " characters long, at most "
                  + schema.getMaxLength()
                  + " allowed"));
    }
    if (schema.getMinLength() != null && length < schema.getMinLength()) {
      errors.add(
          new ValidationError(
              path,
              quote(s)
                  + " is "
                  + length
                  + " characters long, at least "
                  + schema.getMinLength()
                  + " needed"));
    }
    if (schema.getPattern() != null) {
      try {
        // OpenAPI patterns are unanchored: a match anywhere counts (the CRD's patterns anchor
        // themselves).
        if (!Pattern.compile(schema.getPattern()).matcher(s).find()) {
          errors.add(
              new ValidationError(path, quote(s) + " does not match " + schema.getPattern()));
        }
      } catch (PatternSyntaxException e) {
        errors.add(
            new ValidationError(
                path, "the CRD's pattern " + schema.getPattern() + " is not a valid regex"));
      }
    }
  }

  private void bounds(String path, JSONSchemaProps schema, BigDecimal n) {
    if (schema.getMinimum() != null) {
      BigDecimal min = BigDecimal.valueOf(schema.getMinimum());
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
      if (exclusive ? n.compareTo(min) <= 0 : n.compareTo(min) < 0) {
        errors.add(new ValidationError(path, plain(n) + " is less than the minimum " + plain(min)));
      }
    }
    if (schema.getMaximum() != null) {
      BigDecimal max = BigDecimal.valueOf(schema.getMaximum());
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMaximum());
      if (exclusive ? n.compareTo(max) >= 0 : n.compareTo(max) > 0) {
        errors.add(
            new ValidationError(path, plain(n) + " is greater than the maximum " + plain(max)));
      }
    }
  }

  private void enumeration(String path, JSONSchemaProps schema, Object value) {
    if (schema.getEnum() == null || schema.getEnum().isEmpty()) {
      return;
    }
    List<Object> allowed =
        schema.getEnum().stream().map(n -> JSON.convertValue(n, Object.class)).toList();
    if (!allowed.contains(value)) {
      blocking = true;
      errors.add(new ValidationError(path, quote(value) + " is not one of " + allowed));
    }
  }

  private Object wrongType(String path, String expected, Object value) {
    blocking = true;
    String hint =
        "a string".equals(expected) && (value instanceof Number || value instanceof Boolean)
            ? " (quote it: \"" + value + "\")"
            : "";
    errors.add(
        new ValidationError(path, "must be " + expected + ", not " + describe(value) + hint));
    return value;
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger;
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String s) {
      return "the string " + quote(s);
    }
    if (value instanceof Boolean b) {
      return "the boolean " + b;
    }
    return value instanceof Number ? "the number " + value : String.valueOf(value);
  }

  private static String known(Map<String, JSONSchemaProps> properties) {
    return properties.isEmpty()
        ? ""
        : " (known fields: " + String.join(", ", properties.keySet()) + ")";
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Longer strings are cut in messages, which stay one line a person can read. */
  static final int QUOTED_AT_MOST = 200;

  static String quote(Object value) {
    if (!(value instanceof String s)) {
      return String.valueOf(value);
    }
    if (s.codePointCount(0, s.length()) > QUOTED_AT_MOST) {
      return "\"" + s.substring(0, s.offsetByCodePoints(0, 60)) + "…\"";
    }
    return "\"" + s + "\"";
  }

  private static String plain(BigDecimal n) {
    return n.stripTrailingZeros().toPlainString();
  }
}
