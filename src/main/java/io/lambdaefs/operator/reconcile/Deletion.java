package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.lambdaefs.operator.act.Executor;
import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.CleanupPlanner;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.status.StatusReporter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalizer's side of the reconciler: one round of undoing what the operator did in AWS, and
 * the decision that nothing is left (the finalizer goes).
 */
final class Deletion {
  private static final Logger log = LoggerFactory.getLogger(Deletion.class);
  private static final Duration FENCED_RECHECK = Duration.ofSeconds(5);

  private final AwsClientFactory aws;
  private final Observer observer;
  private final Planner refusals;
  private final RuleHeirs heirs;
  private final HandOvers handOvers;
  private final String externalId;
  private final CleanupPlanner planner = new CleanupPlanner();
  private final Executor executor = new Executor();
  private final StatusReporter reporter = new StatusReporter();
  private final Duration slowRecheck;
  private final Clock clock;
  private final BooleanSupplier stopping;

  Deletion(
      AwsClientFactory aws,
      Observer observer,
      Planner refusals,
      RuleHeirs heirs,
      HandOvers handOvers,
      String externalId,
      Duration slowRecheck,
      Clock clock,
      BooleanSupplier stopping) {
    this.aws = aws;
    this.observer = observer;
    this.refusals = refusals;
    this.heirs = heirs;
    this.handOvers = handOvers;
    this.externalId = externalId;
    this.slowRecheck = slowRecheck;
    this.clock = clock;
    this.stopping = stopping;
  }

  /** One round; the finalizer is removed only when a complete read shows nothing left to undo. */
  DeleteControl round(LambdaEfsMount resource, Context<LambdaEfsMount> context) {
    String ref = LambdaEfsMountReconciler.ref(resource);
    DesiredMount desired = DesiredMount.of(resource);
    if (desired.deletionPolicy() == DeletionPolicy.Retain) {
      log.info("{}: deletionPolicy Retain: leaving AWS as it is", ref);
      return DeleteControl.defaultDelete();
    }
    // Cleanup goes through the resource's role too, and only while its namespace may use it.
    Plan refused = refusals.refusal(desired);
    AwsClients clients = refused == null ? aws.clients(desired.awsTarget(externalId)) : null;
    // Decided under the hand-over lock: no rule is handed to this resource between the read that
    // shows nothing left and the finalizer's removal.
    Plan plan =
        refused != null ? refused : handOvers.deletionRound(() -> plan(desired, clients, context));
    if (stopping.getAsBoolean()) {
      return DeleteControl.noFinalizerRemoval();
    }
    plan.problems().stream()
        .filter(p -> p.severity() == Problem.Severity.WARNING)
        .forEach(p -> log.warn("{}: cleanup: {}: {}", ref, p.reason(), p.message()));
    if (plan.blocked() || plan.waiting()) {
      Problem p = plan.problems().get(0);
      log.info("{}: cleanup waits: {}: {}", ref, p.reason(), p.message());
      report(resource, context, p.reason(), "Cleanup waits: " + p.message(), plan.blocked());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(
              plan.blocked() ? slowRecheck : plan.soonestRecheck().orElse(Duration.ofSeconds(3)));
    }
    if (plan.actions().isEmpty()) {
      log.info("{}: cleanup complete", ref);
      return DeleteControl.defaultDelete();
    }
    String fenced = WriteFence.whyNot(resource, context.getClient(), true);
    if (fenced != null) {
      log.info("{}: cleanup writes nothing this round: {}", ref, fenced);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(FENCED_RECHECK);
    }
    Outcome outcome =
        handOvers.execute(
            plan,
            heir -> RuleHeirs.stillLive(heir, context.getPrimaryCache().list()),
            () -> executor.execute(plan.actions(), clients, ref));
    if (outcome == null) {
      // An heir is being deleted too: plan again with what is live now.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Requeue.AFTER_WRITE);
    }
    if (stopping.getAsBoolean()) {
      return DeleteControl.noFinalizerRemoval();
    }
    if (outcome.failed()) {
      report(
          resource,
          context,
          "CleanupFailed",
          outcome.failedAction().describe()
              + " failed: "
              + outcome.failure().code()
              + ": "
              + outcome.failure().message(),
          !outcome.failure().retryable());
    } else {
      report(
          resource,
          context,
          "CleaningUp",
          "Cleaning up: "
              + plan.actions().stream().map(Action::describe).collect(Collectors.joining("; ")),
          false);
    }
    Duration next = Requeue.after(plan, outcome, true, slowRecheck).orElse(Duration.ofSeconds(2));
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(next);
  }

  private Plan plan(DesiredMount desired, AwsClients clients, Context<LambdaEfsMount> context) {
    Observation observation = observer.observe(desired.target(), clients, Observer.Purpose.CLEANUP);
    if (desired.iamMode() == IamMode.Manage && observation.function().isFound()) {
      String role = observation.function().value().roleArn();
      observation =
          observation
              .withInlinePolicy(observer.inlinePolicy(role, desired.inlinePolicyName(), clients))
              .withRoleTags(observer.roleTags(role, clients));
    }
    Plan plan = planner.plan(desired, observation);
    if (plan.releasing().isEmpty()) {
      return plan;
    }
    return planner.plan(
        desired,
        observation.withRuleHeirs(
            heirs.find(desired, plan.releasing(), context.getPrimaryCache().list())));
  }

  /**
   * Shows a deletion's progress in the status, which `kubectl get` otherwise shows only as
   * "Terminating".
   */
  private void report(
      LambdaEfsMount resource,
      Context<LambdaEfsMount> context,
      String reason,
      String message,
      boolean stalled) {
    LambdaEfsMountStatus next =
        reporter.deleting(resource, reason, message, stalled, clock.instant());
    if (next.equals(resource.getStatus())) {
      return;
    }
    try {
      context
          .getClient()
          .resources(LambdaEfsMount.class)
          .inNamespace(resource.getMetadata().getNamespace())
          .withName(resource.getMetadata().getName())
          .editStatus(
              current -> {
                current.setStatus(next);
                return current;
              });
    } catch (KubernetesClientException e) {
      // The status is a report; a failed patch must not hold up the cleanup.
      log.info(
          "{}: could not report cleanup progress: {}",
          LambdaEfsMountReconciler.ref(resource),
          e.getMessage());
    }
  }
}
