package io.lambdaefs.operator.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small IAM policy evaluator: Allow and Deny statements with Action / Resource (strings or lists,
 * {@code *} and {@code ?} wildcards) and the String/Arn Equals/Like and Bool condition operators.
 * Enough for SimulatePrincipalPolicy on inline role policies; NotAction/NotResource are not
 * supported.
 */
final class IamPolicy {
  enum Decision {
    ALLOWED,
    IMPLICIT_DENY,
    EXPLICIT_DENY
  }

  private record Condition(String operator, String key, List<String> values) {}

  private record Statement(
      boolean allow, List<String> actions, List<String> resources, List<Condition> conditions) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Statement> statements;

  private IamPolicy(List<Statement> statements) {
    this.statements = statements;
  }

  /** Parses a policy document; IllegalArgumentException with a reason if it is not one. */
  static IamPolicy parse(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw new IllegalArgumentException("Syntax errors in policy.");
    }
    if (root == null || !root.isObject() || !root.has("Statement")) {
      throw new IllegalArgumentException("Policy document must contain a Statement.");
    }
    List<Statement> out = new ArrayList<>();
    for (JsonNode s : listOf(root.get("Statement"))) {
      String effect = s.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new IllegalArgumentException("Statement Effect must be Allow or Deny.");
      }
      if (!s.has("Action")) {
        throw new IllegalArgumentException("Policy statement must contain actions.");
      }
      List<Condition> conditions = new ArrayList<>();
      s.path("Condition")
          .fields()
          .forEachRemaining(
              op ->
                  op.getValue()
                      .fields()
                      .forEachRemaining(
                          kv ->
                              conditions.add(
                                  new Condition(op.getKey(), kv.getKey(), texts(kv.getValue())))));
      List<String> resources = s.has("Resource") ? texts(s.get("Resource")) : List.of("*");
      out.add(new Statement(effect.equals("Allow"), texts(s.get("Action")), resources, conditions));
    }
    return new IamPolicy(out);
  }

  /**
   * Evaluates one action on one resource; condition keys absent from the context are added to
   * {@code missing}.
   */
  Decision evaluate(
      String action, String resource, Map<String, List<String>> context, Set<String> missing) {
    Decision d = Decision.IMPLICIT_DENY;
    for (Statement s : statements) {
      if (!anyMatches(s.actions(), action, true) || !anyMatches(s.resources(), resource, false)) {
        continue;
      }
      if (!conditionsHold(s.conditions(), context, missing)) {
        continue;
      }
      if (!s.allow()) {
        return Decision.EXPLICIT_DENY;
      }
      d = Decision.ALLOWED;
    }
    return d;
  }

  private static boolean conditionsHold(
      List<Condition> conditions, Map<String, List<String>> context, Set<String> missing) {
    for (Condition c : conditions) {
      List<String> actual = null;
      for (Map.Entry<String, List<String>> e : context.entrySet()) {
        if (e.getKey().equalsIgnoreCase(c.key())) {
          actual = e.getValue();
        }
      }
      if (actual == null) {
        missing.add(c.key());
        return false;
      }
      if (!holds(c, actual)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(Condition c, List<String> actual) {
    for (String a : actual) {
      for (String v : c.values()) {
        boolean ok;
        switch (c.operator()) {
          case "StringEquals":
          case "ArnEquals":
            ok = a.equals(v);
            break;
          case "StringEqualsIgnoreCase":
          case "Bool":
            ok = a.equalsIgnoreCase(v);
            break;
          case "StringLike":
          case "ArnLike":
            ok = glob(v, false).matcher(a).matches();
            break;
          default:
            ok = false;
        }
        if (ok) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether any of the patterns ({@code *}, {@code ?} wildcards) matches the value. */
  static boolean anyMatches(Collection<String> patterns, String value, boolean ignoreCase) {
    for (String p : patterns) {
      if (glob(p, ignoreCase).matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      if (ch == '*') {
        re.append(".*");
      } else if (ch == '?') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(
        re.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }

  private static List<JsonNode> listOf(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(out::add);
    } else {
      out.add(n);
    }
    return out;
  }

  private static List<String> texts(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (JsonNode x : listOf(n)) {
      out.add(x.asText());
    }
    return out;
  }
}
