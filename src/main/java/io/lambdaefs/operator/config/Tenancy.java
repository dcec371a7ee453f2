package io.lambdaefs.operator.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who may use what through the operator, from its configuration. A LambdaEfsMount may use a
 * function and a file system only when each carries the tag {@value #ALLOWED_NAMESPACES} listing
 * the resource's namespace (comma-separated; {@code *} for all), unless {@code
 * namespaceTagsRequired} is off (single-tenant clusters). It may name in spec.roleArn only a role
 * {@code allowedRoles} gives its namespace (exact ARNs or patterns with {@code *}; the namespace
 * {@code *} applies to every namespace), assumed with {@code externalId}. iam.mode Manage edits
 * only execution roles tagged {@value #MANAGED_POLICY}={@value #MANAGED_POLICY_ALLOWED}.
 */
public record Tenancy(
    boolean namespaceTagsRequired, Map<String, List<String>> allowedRoles, String externalId) {

  /** On a function or a file system: the namespaces whose LambdaEfsMounts may use it. */
  public static final String ALLOWED_NAMESPACES = "lambdaefs.io/allowed-namespaces";

  /** On an execution role: iam.mode Manage may write its inline policy there. */
  public static final String MANAGED_POLICY = "lambdaefs.io/managed-policy";

  public static final String MANAGED_POLICY_ALLOWED = "allowed";

  private static final Pattern ROLE_PATTERN =
      Pattern.compile("^arn:aws[a-z-]*:iam::[\\d*]+:role/\\S+$");

  public Tenancy {
    allowedRoles = Map.copyOf(allowedRoles);
    externalId = externalId == null || externalId.isBlank() ? null : externalId;
  }

  /** Tags required, no role may be assumed: the default. */
  public static Tenancy defaults() {
    return new Tenancy(true, Map.of(), null);
  }

  public Tenancy withNamespaceTagsRequired(boolean required) {
    return new Tenancy(required, allowedRoles, externalId);
  }

  public Tenancy withAllowedRoles(Map<String, List<String>> roles, String id) {
    return new Tenancy(namespaceTagsRequired, roles, id);
  }

  /** Whether a value of {@value #ALLOWED_NAMESPACES} lets the namespace in. */
  public static boolean listsNamespace(String tagValue, String namespace) {
    if (tagValue == null) {
      return false;
    }
    for (String entry : tagValue.split(",")) {
      String e = entry.trim();
      if (e.equals("*") || e.equals(namespace)) {
        return true;
      }
    }
    return false;
  }

  /** The role ARNs (or patterns) a namespace may name in spec.roleArn. */
  public List<String> rolesFor(String namespace) {
    List<String> out = new ArrayList<>(allowedRoles.getOrDefault(namespace, List.of()));
    out.addAll(allowedRoles.getOrDefault("*", List.of()));
    return List.copyOf(out);
  }

  /** Whether a namespace may name this role. */
  public boolean allowsRole(String namespace, String roleArn) {
    for (String pattern : rolesFor(namespace)) {
      if (glob(pattern).matcher(roleArn).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Parses the operator's allow-list, {@code NAMESPACE=ARN[,ARN...]} entries separated by {@code ;}
   * or new lines, e.g. {@code team-a=arn:aws:iam::222222222222:role/lambda-efs-team-a}.
   * IllegalArgumentException naming the entry otherwise.
   */
  public static Map<String, List<String>> parseAllowedRoles(String text) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String entry : text.split("[;\\n]")) {
      String e = entry.trim();
      if (e.isEmpty()) {
        continue;
      }
      int eq = e.indexOf('=');
      String namespace = eq < 0 ? "" : e.substring(0, eq).trim();
      if (eq < 0 || namespace.isEmpty()) {
        throw new IllegalArgumentException(
            "allowed roles: '" + e + "' is not NAMESPACE=ROLE_ARN[,ROLE_ARN...]");
      }
      List<String> roles = out.computeIfAbsent(namespace, n -> new ArrayList<>());
      for (String arn : e.substring(eq + 1).split(",")) {
        String a = arn.trim();
        if (!ROLE_PATTERN.matcher(a).matches()) {
          throw new IllegalArgumentException(
              "allowed roles of namespace " + namespace + ": '" + a + "' is not an IAM role ARN");
        }
        roles.add(a);
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return out;
  }

  private static Pattern glob(String pattern) {
    StringBuilder re = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (re.length() > 0) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    return Pattern.compile(re.toString());
  }
}
