package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamCondition;

/**
 * One operator and key of a statement's Condition with all its values (IAM ORs them): the String,
 * Arn, Bool, Null and Numeric operators, the {@code ForAllValues:}/{@code ForAnyValue:} set
 * qualifiers and the {@code IfExists} suffix, with IAM's rules for a key the request lacks.
 */
record PolicyCondition(String operator, String key, List<String> values) {
  private static final Set<String> OPERATORS =
      Set.of(
          "StringEquals",
          "StringNotEquals",
          "StringEqualsIgnoreCase",
          "StringNotEqualsIgnoreCase",
          "StringLike",
          "StringNotLike",
          "ArnEquals",
          "ArnLike",
          "ArnNotEquals",
          "ArnNotLike",
          "Bool",
          "Null",
          "NumericEquals",
          "NumericNotEquals",
          "NumericLessThan",
          "NumericLessThanEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals");

  String base() {
    String op = operator.substring(operator.indexOf(':') + 1);
    return op.endsWith("IfExists") ? op.substring(0, op.length() - "IfExists".length()) : op;
  }

  boolean ifExists() {
    return operator.endsWith("IfExists");
  }

  boolean forAll() {
    return operator.startsWith("ForAllValues:");
  }

  boolean forAny() {
    return operator.startsWith("ForAnyValue:");
  }

  boolean negated() {
    return base().contains("Not");
  }

  /** iam-policy-builder gives one condition per value; IAM ORs the values of an operator-key. */
  static List<PolicyCondition> of(List<IamCondition> flat) {
    Map<String, PolicyCondition> grouped = new LinkedHashMap<>();
    for (IamCondition c : flat) {
      String operator = c.operator().value();
      String base = operator.substring(operator.indexOf(':') + 1).replace("IfExists", "");
      if (!OPERATORS.contains(base)
          || operator.contains(":")
              && !operator.startsWith("ForAllValues:")
              && !operator.startsWith("ForAnyValue:")) {
        throw new IllegalArgumentException(
            "Condition operator " + operator + " is not supported by the simulated IAM.");
      }
      grouped
          .computeIfAbsent(
              operator + "\u0000" + c.key().value().toLowerCase(Locale.ROOT),
              k -> new PolicyCondition(operator, c.key().value(), new ArrayList<>()))
          .values()
          .add(c.value());
    }
    return List.copyOf(grouped.values());
  }

  /**
   * Whether the condition holds for the request's context; a key the context lacks is added to
   * {@code missing} unless the operator makes its absence meaningful.
   */
  boolean holds(Map<String, List<String>> context, Set<String> missing) {
    PolicyCondition c = this;
    List<String> actual = lookup(context, c.key());
    if (c.base().equals("Null")) {
      boolean absent = actual == null || actual.isEmpty();
      return c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true")) == absent;
    }
    if (actual == null) {
      if (!c.ifExists() && !c.forAll() && !c.negated()) {
        missing.add(c.key());
      }
      // IAM: a missing key meets IfExists, ForAllValues (no value fails) and negated operators.
      return c.ifExists() || c.forAll() || (c.negated() && !c.forAny());
    }
    if (c.forAll()) {
      return actual.stream().allMatch(a -> valueHolds(c, a));
    }
    if (c.forAny() || !c.negated()) {
      return actual.stream().anyMatch(a -> valueHolds(c, a));
    }
    return actual.stream().allMatch(a -> valueHolds(c, a));
  }

  /** One request value against the condition's values (any of them; none of them if negated). */
  private static boolean valueHolds(PolicyCondition c, String actual) {
    String base = c.base();
    boolean any = false;
    for (String v : c.values()) {
      any |= matches(base.replace("Not", ""), actual, v);
    }
    return c.negated() != any;
  }

  private static boolean matches(String operator, String actual, String value) {
    switch (operator) {
      case "StringEquals":
        return actual.equals(value);
      case "StringEqualsIgnoreCase":
      case "Bool":
        return actual.equalsIgnoreCase(value);
      case "StringLike":
      case "ArnEquals":
      case "ArnLike":
        return IamPolicy.glob(value, false).matcher(actual).matches();
      default:
        return numeric(operator, actual, value);
    }
  }

  private static boolean numeric(String operator, String actual, String value) {
    double a;
    double v;
    try {
      a = Double.parseDouble(actual);
      v = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return false;
    }
    switch (operator) {
      case "NumericEquals":
        return a == v;
      case "NumericLessThan":
        return a < v;
      case "NumericLessThanEquals":
        return a <= v;
      case "NumericGreaterThan":
        return a > v;
      case "NumericGreaterThanEquals":
        return a >= v;
      default:
        return false;
    }
  }

  /** The single value of a context key (a policy variable), or null when the request lacks it. */
  static String value(Map<String, List<String>> context, String key) {
    List<String> values = lookup(context, key);
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  private static List<String> lookup(Map<String, List<String>> context, String key) {
    for (Map.Entry<String, List<String>> e : context.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }
}
