package io.lambdaefs.operator.status;

import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.api.v1alpha1.AccessPointStatus;
import io.lambdaefs.operator.api.v1alpha1.DriftStatus;
import io.lambdaefs.operator.api.v1alpha1.FunctionStatus;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.api.v1alpha1.SecurityGroupRuleStatus;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.DriftFinding;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a plan and what the executor did into the resource's status: kstatus conditions (Ready,
 * Reconciling, Stalled), Drifted, one condition per facet, and the facts of the report.
 */
public final class StatusReporter {
  /** EC2's answer when a security group has its 60 (by default) rules of one direction. */
  private static final String RULE_LIMIT = "RulesPerSecurityGroupLimitExceeded";

  /**
   * @param applied whether the plan's actions were executed (false under driftPolicy Report)
   */
  public LambdaEfsMountStatus report(
      LambdaEfsMount resource, Plan plan, Outcome outcome, boolean applied, Instant now) {
    LambdaEfsMountStatus old =
        resource.getStatus() == null ? new LambdaEfsMountStatus() : resource.getStatus();
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    Conditions c = new Conditions(old.getConditions(), generation, now);
    if (plan.onlyTransientReadFailures() && !old.getConditions().isEmpty()) {
      return stillStanding(old, plan, c);
    }

    Optional<Problem> blocking = first(plan, Problem.Severity.BLOCKING);
    Optional<Problem> waiting = first(plan, Problem.Severity.WAITING);
    AwsError failure = outcome.failure();
    boolean terminalFailure = failure != null && !failure.retryable();
    boolean pending = !plan.actions().isEmpty();

    for (Facet facet : Facet.values()) {
      facetCondition(c, facet, plan, outcome, applied);
    }

    boolean ready =
        plan.inSync()
            && !outcome.failed()
            && plan.drift().isEmpty()
            && "Successful"
                .equals(
                    plan.report().function() == null
                        ? null
                        : plan.report().function().lastUpdateStatus());
    if (ready) {
      var ap = plan.report().accessPoint();
      c.set(
          Conditions.READY,
          true,
          "Mounted",
          "Function "
              + resource.getSpec().getFunctionName()
              + " mounts "
              + (ap == null ? resource.getSpec().getFileSystemId() : ap.id())
              + " at "
              + resource.getSpec().getMountPath()
              + ".");
    } else {
      String[] why = notReady(plan, outcome, applied, blocking, waiting);
      c.set(Conditions.READY, false, why[0], why[1]);
    }

    if (blocking.isPresent()) {
      c.set(Conditions.STALLED, true, blocking.get().reason(), blocking.get().message());
    } else if (terminalFailure) {
      c.set(Conditions.STALLED, true, failureReason(failure), failureMessage(outcome));
    } else {
      c.set(Conditions.STALLED, false, "Progressing", "Nothing needs a human.");
    }

    boolean working =
        !blocking.isPresent()
            && !terminalFailure
            && ((pending && applied)
                || waiting.isPresent()
                || (failure != null && failure.retryable()));
    if (working) {
      String[] why = notReady(plan, outcome, applied, blocking, waiting);
      c.set(Conditions.RECONCILING, true, why[0], why[1]);
    } else {
      c.set(
          Conditions.RECONCILING,
          false,
          ready ? "Reconciled" : "Idle",
          ready ? "AWS matches the spec." : "No work under way.");
    }

    // A correction is done when Lambda says so: Drifted stays as it was while the update that puts
    // the function back is still being applied (or failed), so DriftCorrected means corrected.
    boolean correcting =
        plan.drift().isEmpty()
            && Conditions.isTrue(old.getConditions(), Conditions.DRIFTED)
            && plan.report().function() != null
            && !"Successful".equals(plan.report().function().lastUpdateStatus());
    if (correcting) {
      Conditions.find(old.getConditions(), Conditions.DRIFTED).ifPresent(c::keep);
    } else if (plan.drift().isEmpty()) {
      c.set(Conditions.DRIFTED, false, "InSync", "AWS matches what the operator established.");
    } else {
      DriftFinding d = plan.drift().get(0);
      String verb =
          applied
              ? " Correcting it (driftPolicy Correct)."
              : " Not correcting it (driftPolicy Report).";
      c.set(
          Conditions.DRIFTED,
          true,
          d.kind(),
          plan.drift().stream()
                  .map(f -> f.field() + ": want " + f.desired() + ", found " + f.actual())
                  .collect(Collectors.joining("; "))
              + "."
              + verb);
    }

    LambdaEfsMountStatus s = new LambdaEfsMountStatus();
    s.setObservedGeneration(generation);
    s.setConditions(c.build());
    var ap = plan.report().accessPoint();
    s.setAccessPoint(
        ap == null ? old.getAccessPoint() : new AccessPointStatus(ap.id(), ap.arn(), ap.owned()));
    var fn = plan.report().function();
    s.setFunction(
        fn == null
            ? null
            : new FunctionStatus(
                fn.arn(),
                fn.lastUpdateStatus(),
                fn.lastUpdateStatusReasonCode(),
                fn.lastUpdateStatusReason()));
    s.setSecurityGroupRules(
        plan.report().rules().isEmpty()
            ? null
            : plan.report().rules().stream()
                .map(
                    r ->
                        new SecurityGroupRuleStatus(
                            r.id(), r.groupId(), r.direction(), r.peerGroupId(), r.owned()))
                .toList());
    s.setDrift(
        correcting
            ? old.getDrift()
            : plan.drift().isEmpty() ? null : drift(plan.drift(), old.getDrift(), now));
    s.setLastSyncTime(outcome.wroteSomething() ? now.toString() : old.getLastSyncTime());
    return s;
  }

  /**
   * AWS could not be read for a passing cause: what the last status says still stands; only
   * Reconciling tells that the operator is retrying. A throttled read never flips Ready.
   */
  private static LambdaEfsMountStatus stillStanding(
      LambdaEfsMountStatus old, Plan plan, Conditions c) {
    old.getConditions().stream()
        .filter(x -> !x.getType().equals(Conditions.RECONCILING))
        .forEach(c::keep);
    Problem p =
        plan.problems().stream()
            .filter(x -> Plan.TRANSIENT_READ_REASONS.contains(x.reason()))
            .findFirst()
            .orElseThrow();
    c.set(Conditions.RECONCILING, true, p.reason(), p.message());
    return old.withConditions(c.build());
  }

  /**
   * While the finalizer undoes what the operator did: Ready False, Reconciling says what the
   * cleanup is doing or waiting for, Stalled when it needs a human (e.g. a missing permission).
   */
  public LambdaEfsMountStatus deleting(
      LambdaEfsMount resource, String reason, String message, boolean stalled, Instant now) {
    LambdaEfsMountStatus old =
        resource.getStatus() == null ? new LambdaEfsMountStatus() : resource.getStatus();
    long generation =
        resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
    Conditions c = new Conditions(old.getConditions(), generation, now);
    old.getConditions().forEach(c::keep);
    c.set(
        Conditions.READY,
        false,
        "Deleting",
        "deletionPolicy Delete: undoing what the operator did in AWS.");
    c.set(Conditions.RECONCILING, !stalled, reason, message);
    c.set(
        Conditions.STALLED,
        stalled,
        stalled ? reason : "Progressing",
        stalled ? message : "Nothing needs a human.");
    return old.withConditions(c.build());
  }

  /** The last status says the mount was in place, or drifting from it. */
  public static boolean established(LambdaEfsMountStatus status) {
    return status != null
        && (Conditions.isTrue(status.getConditions(), Facet.FUNCTION.conditionType())
            || Conditions.isTrue(status.getConditions(), Conditions.DRIFTED));
  }

  private static void facetCondition(
      Conditions c, Facet facet, Plan plan, Outcome outcome, boolean applied) {
    List<Problem> problems = plan.problemsOf(facet);
    Optional<Problem> hard =
        problems.stream().filter(p -> p.severity() != Problem.Severity.WARNING).findFirst();
    if (hard.isPresent()) {
      c.set(facet.conditionType(), false, hard.get().reason(), hard.get().message());
      return;
    }
    if (outcome.failed() && outcome.failedAction().facet() == facet) {
      c.set(
          facet.conditionType(), false, failureReason(outcome.failure()), failureMessage(outcome));
      return;
    }
    List<Action> actions = plan.actionsOf(facet);
    if (!actions.isEmpty()) {
      String list = actions.stream().map(Action::describe).collect(Collectors.joining("; "));
      c.set(
          facet.conditionType(),
          false,
          applied ? "Applying" : "ChangesNotApplied",
          (applied ? "Applying: " : "driftPolicy is Report, so not applied: ")
              + list
              + "."
              + warnings(problems, 0));
      return;
    }
    if (!problems.isEmpty()) {
      Problem first = problems.get(0);
      c.set(facet.conditionType(), true, first.reason(), first.message() + warnings(problems, 1));
      return;
    }
    var note = plan.report().permissionsNote();
    if (facet == Facet.PERMISSIONS && note != null) {
      c.set(facet.conditionType(), note.ok(), note.reason(), note.message());
      return;
    }
    c.set(facet.conditionType(), true, okReason(facet), okMessage(facet));
  }

  /**
   * The facet's warnings from the {@code from}-th on, each as " Warning Reason: message", so that
   * none hides behind another (or behind the actions being applied).
   */
  private static String warnings(List<Problem> warnings, int from) {
    return warnings.stream()
        .skip(from)
        .map(p -> " Warning " + p.reason() + ": " + p.message())
        .collect(Collectors.joining());
  }

  private static String okReason(Facet facet) {
    return switch (facet) {
      case ACCESS_POINT -> "AccessPointAvailable";
      case NETWORK -> "NfsReachable";
      case FUNCTION -> "FileSystemConfigured";
      case PERMISSIONS -> "PermissionsGranted";
    };
  }

  private static String okMessage(Facet facet) {
    return switch (facet) {
      case ACCESS_POINT -> "The access point is available on the file system.";
      case NETWORK ->
          "Every AZ of the function has an available mount target and NFS (TCP 2049) is open both ways.";
      case FUNCTION -> "The function's FileSystemConfigs and VpcConfig match the spec.";
      case PERMISSIONS -> "The execution role may mount the file system.";
    };
  }

  private static String[] notReady(
      Plan plan,
      Outcome outcome,
      boolean applied,
      Optional<Problem> blocking,
      Optional<Problem> waiting) {
    if (blocking.isPresent()) {
      return new String[] {blocking.get().reason(), blocking.get().message()};
    }
    if (outcome.failed()) {
      return new String[] {failureReason(outcome.failure()), failureMessage(outcome)};
    }
    if (!plan.actions().isEmpty()) {
      String list = plan.actions().stream().map(Action::describe).collect(Collectors.joining("; "));
      return applied
          ? new String[] {"Applying", "Applying: " + list + "."}
          : new String[] {"ChangesNotApplied", "driftPolicy is Report; pending: " + list + "."};
    }
    if (waiting.isPresent()) {
      return new String[] {waiting.get().reason(), waiting.get().message()};
    }
    if (!plan.drift().isEmpty()) {
      return new String[] {plan.drift().get(0).kind(), "AWS drifted from the spec."};
    }
    return new String[] {"Waiting", "Waiting for Lambda to report LastUpdateStatus Successful."};
  }

  private static String failureReason(AwsError e) {
    if (e.is(RULE_LIMIT)) {
      return "SecurityGroupRuleLimitExceeded";
    }
    return switch (e.kind()) {
      case THROTTLED -> "AwsThrottled";
      case PACED -> Plan.RATE_BUDGET;
      case CONFLICT -> "FunctionBusy";
      case STALE_REVISION -> "FunctionChangedConcurrently";
      case RETRYABLE -> "AwsUnavailable";
      case PROPAGATING -> "RolePermissionsPropagating";
      case ACCESS_DENIED -> "AccessDenied";
      case NOT_FOUND -> "NotFound";
      case TERMINAL -> "AwsRequestRejected";
    };
  }

  private static String failureMessage(Outcome outcome) {
    AwsError e = outcome.failure();
    if (e.is(RULE_LIMIT) && outcome.failedAction() instanceof Action.AuthorizeNfs nfs) {
      return "Security group "
          + nfs.groupId()
          + " has no room for another "
          + (nfs.egress() ? "outbound" : "inbound")
          + " rule ("
          + e.code()
          + ": "
          + e.message()
          + "), so the operator cannot "
          + nfs.describe()
          + ". Remove rules "
          + nfs.groupId()
          + " no longer needs, raise the EC2 quota of rules per security group, or open TCP 2049"
          + " with a rule of your own; the operator looks again on its slow recheck.";
    }
    String retry =
        e.retryable()
            ? " Retrying with backoff."
            : " Fix the cause; the operator retries when the spec changes.";
    return outcome.failedAction().describe()
        + " failed: "
        + e.code()
        + ": "
        + e.message()
        + "."
        + retry;
  }

  private static Optional<Problem> first(Plan plan, Problem.Severity severity) {
    return plan.problems().stream().filter(p -> p.severity() == severity).findFirst();
  }

  /** Keeps detectedAt of a finding that was already reported. */
  private static List<DriftStatus> drift(
      List<DriftFinding> findings, List<DriftStatus> old, Instant now) {
    return findings.stream()
        .map(
            f -> {
              String since =
                  old == null
                      ? null
                      : old.stream()
                          .filter(o -> f.field().equals(o.getField()))
                          .map(DriftStatus::getDetectedAt)
                          .findFirst()
                          .orElse(null);
              return new DriftStatus(
                  f.field(), f.desired(), f.actual(), since == null ? now.toString() : since);
            })
        .toList();
  }
}
