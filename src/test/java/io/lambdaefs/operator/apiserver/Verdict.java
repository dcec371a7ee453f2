package io.lambdaefs.operator.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One complaint about a document, reduced to what it means: the field and the kind of rule broken,
 * with the rule's own value (the pattern, the limit, the enum, the CEL message). The API server's
 * wording and plan's differ; their meaning must not.
 *
 * @param field the field path ("" for the whole object); apiVersion and kind are one field here,
 *     "apiVersion/kind", since the server answers both with "no matches for kind in version"
 * @param rule e.g. PATTERN, REQUIRED, ENUM, TYPE, RULE
 * @param value the rule's value, e.g. ^fs-[0-9a-f]{8,40}$, 160, [Correct, Report], integer
 */
record Verdict(String field, String rule, String value) implements Comparable<Verdict> {
  static final String TYPE_MESSAGE = "apiVersion/kind";

  @Override
  public int compareTo(Verdict o) {
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return field + " " + rule + (value.isEmpty() ? "" : " " + value);
  }

  private record Shape(String rule, Pattern pattern) {}

  private static Shape shape(String rule, String regex) {
    return new Shape(rule, Pattern.compile(regex));
  }

  // plan's wording (validate.SchemaCheck, CrdValidator): the value of each rule is group 1.
  private static final List<Shape> PLAN =
      List.of(
          shape("REQUIRED", "^required field is missing()$"),
          shape("ENUM", "^.* is not one of \\[(.*)\\]$"),
          shape("MAX_LENGTH", "^.* is \\d+ characters long, at most (\\d+) allowed$"),
          shape("MIN_LENGTH", "^.* is \\d+ characters long, at least (\\d+) needed$"),
          shape("MAX_ITEMS", "^\\d+ items, at most (\\d+) allowed$"),
          shape("MAXIMUM", "^.* is greater than the maximum (\\d+)$"),
          shape("MINIMUM", "^.* is less than the minimum (-?\\d+)$"),
          shape("TYPE", "^must be an? (integer|string|object|array|number)\\b.*$"),
          shape("TYPE", "^must be true or false()\\b.*$"),
          shape("UNKNOWN_FIELD", "^unknown field().*$"),
          shape("RULES_NOT_CHECKED", "^some validation rules were not checked().*$"),
          shape("INVALID_NAME", "^.* is not a valid name()\\b.*$"),
          shape("NO_SUCH_NAMESPACE", "^.* is not a valid namespace()\\b.*$"),
          shape("NOT_SERVED", "^.* is not (?:lambdaefs\\.io/v1alpha1|LambdaEfsMount)()$"),
          shape("PATTERN", "^.* does not match (.*)$"));

  // The API server's wording (field.Error details, as kubectl prints them).
  private static final List<Shape> SERVER =
      List.of(
          shape("REQUIRED", "^Required value()\\b.*$"),
          shape("ENUM", "^Unsupported value: .*: supported values: (.*)$"),
          shape("MAX_LENGTH", "^Too long: .*?(\\d+) (?:bytes|characters).*$"),
          shape("MIN_LENGTH", "^Invalid value: .*should be at least (\\d+) chars long$"),
          shape("MAX_ITEMS", "^Too many: \\d+: must have at most (\\d+) items$"),
          shape("MAXIMUM", "^Invalid value: .*should be less than or equal to (\\d+)$"),
          shape("MINIMUM", "^Invalid value: .*should be greater than or equal to (-?\\d+)$"),
          shape("TYPE", "^Invalid value: .*must be of type (\\w+).*$"),
          shape(
              "RULES_NOT_CHECKED", "^Invalid value: .*some validation rules were not checked().*$"),
          shape("INVALID_NAME", "^Invalid value: .*a lowercase RFC 1123 subdomain().*$"),
          shape("INVALID_NAMESPACE", "^Invalid value: .*a lowercase RFC 1123 label().*$"),
          shape("PATTERN", "^Invalid value: .*should match '(.*)'$"),
          // A CEL rule's message, after the type of the value it was attached to.
          shape(
              "RULE", "^Invalid value: \"(?:object|string|integer|number|boolean|array)\": (.*)$"));

  /** A complaint of plan's validator. */
  static Verdict ofPlan(String path, String message) {
    Verdict v = match(PLAN, path, message);
    return v != null ? v : new Verdict(path, "RULE", message);
  }

  /** What kubectl printed when the server refused a document. */
  static List<Verdict> ofKubectl(String stderr) {
    List<Verdict> verdicts = new ArrayList<>();
    if (stderr.contains("no matches for kind")) {
      verdicts.add(new Verdict(TYPE_MESSAGE, "NOT_SERVED", ""));
      return verdicts;
    }
    Matcher unknown = Pattern.compile("unknown field \"([^\"]+)\"").matcher(stderr);
    while (unknown.find()) {
      verdicts.add(new Verdict(unknown.group(1), "UNKNOWN_FIELD", ""));
    }
    if (!verdicts.isEmpty()) {
      return verdicts;
    }
    // The server looks the namespace up before it validates the object, and a namespace whose name
    // is not a valid DNS label can never exist: plan says why, the server that it is not there.
    Matcher notFound = Pattern.compile("namespaces \"([^\"]+)\" not found").matcher(stderr);
    if (notFound.find()) {
      verdicts.add(new Verdict("metadata.namespace", "NO_SUCH_NAMESPACE", ""));
      return verdicts;
    }
    int invalid = stderr.indexOf(" is invalid: ");
    if (invalid < 0) {
      verdicts.add(new Verdict("?", "UNPARSED", stderr.strip()));
      return verdicts;
    }
    // One error: "... is invalid: FIELD: DETAIL"; several: one "* FIELD: DETAIL" line each.
    for (String line : stderr.substring(invalid + " is invalid: ".length()).split("\n")) {
      String item = line.strip();
      if (item.startsWith("* ")) {
        item = item.substring(2);
      }
      if (!item.isEmpty()) {
        verdicts.add(server(item));
      }
    }
    return verdicts;
  }

  private static Verdict server(String item) {
    int colon = item.indexOf(": ");
    String field = item.substring(0, colon);
    String detail = item.substring(colon + 2);
    String path = field.equals("<nil>") ? "" : field;
    Verdict v = match(SERVER, path, detail);
    return v != null ? v : new Verdict(path, "UNPARSED", detail);
  }

  private static Verdict match(List<Shape> shapes, String path, String message) {
    for (Shape s : shapes) {
      Matcher m = s.pattern().matcher(message);
      if (m.matches()) {
        String field =
            s.rule().equals("NOT_SERVED") && (path.equals("apiVersion") || path.equals("kind"))
                ? TYPE_MESSAGE
                : path;
        return new Verdict(field, s.rule(), normalise(s.rule(), m.group(1)));
      }
    }
    return null;
  }

  /** Enums as a sorted list without quotes, so [Correct, Report] equals "Correct", "Report". */
  private static String normalise(String rule, String value) {
    if (rule.equals("TYPE") && value.isEmpty()) {
      return "boolean"; // "must be true or false"
    }
    if (!rule.equals("ENUM")) {
      return value;
    }
    TreeSet<String> values = new TreeSet<>();
    for (String v : value.split(",\\s*")) {
      values.add(v.replace("\"", "").strip());
    }
    return values.toString();
  }
}
