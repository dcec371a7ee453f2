package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.SgRuleView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Accumulates one plan while the rules run; package-private plumbing of the planner. */
final class PlanBuilder {
  static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(5);
  static final Duration RETRY_BACKOFF = Duration.ofSeconds(10);

  final List<Problem> problems = new ArrayList<>();
  final List<Action> actions = new ArrayList<>();
  final List<DriftFinding> drift = new ArrayList<>();
  Report.AccessPointRef accessPoint;
  Report.FunctionRef function;
  final List<Report.RuleRef> rules = new ArrayList<>();
  Report.Note permissionsNote;

  /** NfsRules ran to the end: the rules that open the resource's paths are known. */
  boolean nfsPlanned;

  /** Rules the resource holds and releases; their heirs must be read before the plan is whole. */
  final List<SgRuleView> releasing = new ArrayList<>();

  /**
   * The mount is judged as found, with no LambdaEfsMount behind it (diagnose): advice speaks of the
   * function, the file system and the role, and of a LambdaEfsMount's spec only as the declarative
   * alternative.
   */
  boolean asFound;

  /** The advice for a declared resource, or for a mount as found. */
  String advice(String declared, String found) {
    return asFound ? found : declared;
  }

  void block(Facet facet, String reason, String message) {
    problems.add(Problem.blocking(facet, reason, message));
  }

  void await(Facet facet, String reason, String message, Duration recheck) {
    problems.add(Problem.waiting(facet, reason, message, recheck));
  }

  void warn(Facet facet, String reason, String message) {
    problems.add(Problem.warning(facet, reason, message));
  }

  boolean blocked() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.BLOCKING);
  }

  boolean waiting() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.WAITING);
  }

  boolean blockedOrWaiting(Facet facet) {
    return problems.stream()
        .anyMatch(p -> p.facet() == facet && p.severity() != Problem.Severity.WARNING);
  }

  /**
   * Turns a failed read into a problem: a missing permission needs a human, throttling and 5xx are
   * waited out. Returns true when the read failed.
   */
  boolean readFailed(Facet facet, String operation, String object, Fetched<?> fetched) {
    if (fetched == null || !fetched.isFailed()) {
      return false;
    }
    AwsError e = fetched.error();
    if (e.is(AwsError.ASSUME_ROLE_DENIED)) {
      block(
          facet,
          AwsError.ASSUME_ROLE_DENIED,
          "The operator could not assume "
              + advice("spec.roleArn", "the role (--role-arn)")
              + " to call "
              + operation
              + " ("
              + e.message()
              + "). The role's trust policy must trust the operator's role and ask for the"
              + " external id the operator sends (--external-id), and the operator's own policy"
              + " must allow sts:AssumeRole on the role (docs/iam.md, Cross-account roles).");
      return true;
    }
    switch (e.kind()) {
      case ACCESS_DENIED ->
          block(
              facet,
              "AccessDenied",
              "The operator may not call "
                  + operation
                  + " on "
                  + object
                  + " ("
                  + e.code()
                  + ": "
                  + e.message()
                  + "). Grant it in the operator's IAM policy "
                  + "(deploy/iam/operator-policy.json).");
      case THROTTLED ->
          await(
              facet,
              "AwsThrottled",
              operation
                  + " on "
                  + object
                  + " was throttled by AWS ("
                  + e.code()
                  + "); retrying with backoff.",
              THROTTLE_BACKOFF);
      case PACED ->
          await(
              facet,
              Plan.RATE_BUDGET,
              operation
                  + " on "
                  + object
                  + " waits for its turn: "
                  + e.message()
                  + "; AWS is not throttling.",
              e.retryAfter() == null ? THROTTLE_BACKOFF : e.retryAfter());
      case TERMINAL ->
          block(
              facet,
              "AwsRequestRejected",
              operation + " on " + object + " was rejected: " + e.code() + ": " + e.message());
      default ->
          await(
              facet,
              "AwsUnavailable",
              operation
                  + " on "
                  + object
                  + " failed ("
                  + e.code()
                  + ": "
                  + e.message()
                  + "); retrying with backoff.",
              RETRY_BACKOFF);
    }
    return true;
  }

  Plan build() {
    List<Action> finalActions = blocked() ? List.of() : List.copyOf(actions);
    return new Plan(
        List.copyOf(problems),
        finalActions,
        List.copyOf(drift),
        new Report(accessPoint, function, List.copyOf(rules), permissionsNote),
        List.copyOf(releasing));
  }
}
