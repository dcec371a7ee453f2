package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicyReader;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamResource;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The simulated account's one IAM policy evaluator, for the caller's identity policy (every
 * simulated call), the execution roles (SimulatePrincipalPolicy, Lambda's checks) and file system
 * policies. The SDK's iam-policy-builder parses; the evaluation follows the IAM policy evaluation
 * logic for one account: an explicit Deny in any policy wins, else an Allow in an identity policy
 * or (for its principal) in the resource policy, else the implicit deny. Statements match by
 * Action/NotAction, Resource/NotResource ({@code *} and {@code ?} wildcards), Principal (resource
 * policies) and every condition: String*, Arn*, Bool, Null and Numeric* operators, the {@code
 * ForAllValues:}/{@code ForAnyValue:} set qualifiers and the {@code IfExists} suffix ({@link
 * PolicyCondition}).
 */
final class IamPolicy {
  enum Decision {
    ALLOWED,
    IMPLICIT_DENY,
    EXPLICIT_DENY
  }

  /**
   * One request as IAM sees it.
   *
   * @param principal the role ARN of the caller (matched against a resource policy's Principal)
   * @param context condition keys and their values; keys are case-insensitive
   */
  record Request(
      String principal, String action, String resource, Map<String, List<String>> context) {}

  /**
   * What a role's trust policy says about a principal: it names the principal itself, or its
   * account (then the account's identity policies decide), or nothing, or denies it.
   */
  enum Trust {
    PRINCIPAL,
    ACCOUNT,
    NONE,
    DENIED
  }

  /** A decision, and the condition keys the policies asked for that the request did not carry. */
  record Result(Decision decision, Set<String> missingContext) {
    boolean allowed() {
      return decision == Decision.ALLOWED;
    }
  }

  private record Statement(
      boolean allow,
      List<String> principals,
      boolean notPrincipal,
      List<String> actions,
      boolean notAction,
      List<String> resources,
      boolean notResource,
      List<PolicyCondition> conditions) {}

  private final List<Statement> statements;

  private IamPolicy(List<Statement> statements) {
    this.statements = statements;
  }

  /**
   * Parses an identity policy (a role's or the caller's): every statement needs an action and a
   * resource and names no principal. IllegalArgumentException with IAM's reason otherwise.
   */
  static IamPolicy identity(String document) {
    IamPolicy p = parse(document);
    for (Statement s : p.statements) {
      if (s.resources().isEmpty()) {
        throw new IllegalArgumentException("Policy statement must contain resources.");
      }
      if (!s.principals().isEmpty()) {
        throw new IllegalArgumentException("Policy document should not specify a principal.");
      }
    }
    return p;
  }

  /** Parses a resource policy (a file system policy); its statements name their principals. */
  static IamPolicy resource(String document) {
    IamPolicy p = parse(document);
    for (Statement s : p.statements) {
      if (s.principals().isEmpty()) {
        throw new IllegalArgumentException("Policy statement must contain a principal.");
      }
    }
    return p;
  }

  /** The identity policy of a world file's {@code allow} list: those actions on every resource. */
  static IamPolicy allowing(Collection<String> actions) {
    return new IamPolicy(
        List.of(
            new Statement(
                true,
                List.of(),
                false,
                List.copyOf(actions),
                false,
                List.of("*"),
                false,
                List.of())));
  }

  private static IamPolicy parse(String document) {
    List<IamStatement> parsed;
    try {
      parsed = IamPolicyReader.create().read(document).statements();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() != null && e.getMessage().contains("statement")
              ? "Policy document must contain a Statement."
              : "Syntax errors in policy.");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Syntax errors in policy.");
    }
    List<Statement> out = new ArrayList<>();
    for (IamStatement s : parsed) {
      boolean allow = IamEffect.ALLOW.equals(s.effect());
      if (!allow && !IamEffect.DENY.equals(s.effect())) {
        throw new IllegalArgumentException("Statement Effect must be Allow or Deny.");
      }
      if (s.actions().isEmpty() == s.notActions().isEmpty()) {
        throw new IllegalArgumentException(
            "Policy statement must contain actions (exactly one of Action and NotAction).");
      }
      if (!s.resources().isEmpty() && !s.notResources().isEmpty()) {
        throw new IllegalArgumentException(
            "Policy statement must contain one of Resource and NotResource.");
      }
      boolean notPrincipal = !s.notPrincipals().isEmpty();
      List<String> principals = new ArrayList<>();
      for (IamPrincipal p : notPrincipal ? s.notPrincipals() : s.principals()) {
        principals.add(p.id());
      }
      boolean notResource = !s.notResources().isEmpty();
      out.add(
          new Statement(
              allow,
              List.copyOf(principals),
              notPrincipal,
              (s.actions().isEmpty() ? s.notActions() : s.actions())
                  .stream().map(IamAction::value).toList(),
              s.actions().isEmpty(),
              (notResource ? s.notResources() : s.resources())
                  .stream().map(IamResource::value).toList(),
              notResource,
              PolicyCondition.of(s.conditions())));
    }
    return new IamPolicy(List.copyOf(out));
  }

  /**
   * This policy alone: EXPLICIT_DENY when a Deny statement applies, ALLOWED when an Allow does,
   * else IMPLICIT_DENY. Condition keys the request lacks are added to {@code missing}.
   */
  Decision evaluate(Request r, Set<String> missing) {
    Decision d = Decision.IMPLICIT_DENY;
    for (Statement s : statements) {
      if (!applies(s, r, missing)) {
        continue;
      }
      if (!s.allow()) {
        return Decision.EXPLICIT_DENY;
      }
      d = Decision.ALLOWED;
    }
    return d;
  }

  /**
   * IAM's decision for one request in one account: identity policies plus an optional resource
   * policy (null when the resource has none).
   */
  static Result decide(List<IamPolicy> identity, IamPolicy resourcePolicy, Request r) {
    Set<String> missing = new LinkedHashSet<>();
    boolean allowed = false;
    boolean denied = false;
    List<IamPolicy> all = new ArrayList<>(identity);
    if (resourcePolicy != null) {
      all.add(resourcePolicy);
    }
    for (IamPolicy p : all) {
      Decision d = p.evaluate(r, missing);
      denied |= d == Decision.EXPLICIT_DENY;
      allowed |= d == Decision.ALLOWED;
    }
    Decision d =
        denied ? Decision.EXPLICIT_DENY : allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    return new Result(d, missing);
  }

  /**
   * This policy as a role's trust policy (STS AssumeRole): whether it trusts the request's
   * principal by its ARN (enough within the account), only through its account (the principal's
   * identity policy must allow too), not at all, or denies it.
   */
  Trust trust(Request r) {
    String account = r.principal().split(":")[4];
    Trust t = Trust.NONE;
    for (Statement s : statements) {
      if (!matchesActionResourceAndConditions(s, r, new LinkedHashSet<>())) {
        continue;
      }
      boolean byArn = false;
      boolean byAccount = false;
      for (String p : s.principals()) {
        byArn |= p.equals("*") || p.equals(r.principal());
        byAccount |= p.equals(account) || p.endsWith(":iam::" + account + ":root");
      }
      if (s.notPrincipal() ? byArn || byAccount : !(byArn || byAccount)) {
        continue;
      }
      if (!s.allow()) {
        return Trust.DENIED;
      }
      if (byArn && !s.notPrincipal()) {
        t = Trust.PRINCIPAL;
      } else if (t == Trust.NONE) {
        t = Trust.ACCOUNT;
      }
    }
    return t;
  }

  private static boolean applies(Statement s, Request r, Set<String> missing) {
    if (!s.principals().isEmpty() && s.notPrincipal() == principalMatches(s, r.principal())) {
      return false;
    }
    return matchesActionResourceAndConditions(s, r, missing);
  }

  private static boolean matchesActionResourceAndConditions(
      Statement s, Request r, Set<String> missing) {
    if (s.notAction() == anyMatches(s.actions(), r.action(), true)) {
      return false;
    }
    // A resource policy statement without Resource means the resource it is attached to.
    if (!s.resources().isEmpty()
        && s.notResource()
            == anyMatches(withVariables(s.resources(), r.context()), r.resource(), false)) {
      return false;
    }
    Set<String> absent = new LinkedHashSet<>();
    boolean holds = true;
    for (PolicyCondition c : s.conditions()) {
      holds &= c.holds(r.context(), absent);
    }
    missing.addAll(absent);
    return holds;
  }

  /**
   * A principal matches {@code *}, its own ARN, or (Deny only, IAM delegates an Allow to the
   * account's identity policies) its account.
   */
  private static boolean principalMatches(Statement s, String principal) {
    String account = principal == null ? "" : principal.split(":")[4];
    for (String p : s.principals()) {
      if (p.equals("*") || p.equals(principal)) {
        return true;
      }
      if (!s.allow() && (p.equals(account) || p.endsWith(":iam::" + account + ":root"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The patterns with their policy variables ({@code ${aws:PrincipalArn}}) replaced by the
   * request's values; a pattern whose variable the request lacks matches nothing, as in IAM.
   */
  private static List<String> withVariables(
      List<String> patterns, Map<String, List<String>> context) {
    List<String> out = new ArrayList<>();
    for (String p : patterns) {
      String resolved = resolve(p, context);
      if (resolved != null) {
        out.add(resolved);
      }
    }
    return out;
  }

  private static String resolve(String pattern, Map<String, List<String>> context) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      int start = pattern.indexOf("${", i);
      if (start < 0) {
        out.append(pattern, i, pattern.length());
        break;
      }
      int end = pattern.indexOf('}', start);
      if (end < 0) {
        out.append(pattern, i, pattern.length());
        break;
      }
      out.append(pattern, i, start);
      String key = pattern.substring(start + 2, end);
      String value =
          switch (key) {
            case "*" -> "*";
            case "?" -> "?";
            case "$" -> "$";
            default -> PolicyCondition.value(context, key);
          };
      if (value == null) {
        return null;
      }
      out.append(value);
      i = end + 1;
    }
    return out.toString();
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

  static Pattern glob(String pattern, boolean ignoreCase) {
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
}
