package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingConfigurationBuilder;
import io.javaoperatorsdk.operator.processing.event.source.polling.PerResourcePollingEventSource;
import io.lambdaefs.operator.act.Executor;
import io.lambdaefs.operator.act.Outcome;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.InterceptedClients;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.runtime.OperatorMetrics;
import io.lambdaefs.operator.status.EventRecorder;
import io.lambdaefs.operator.status.StatusEvents;
import io.lambdaefs.operator.status.StatusReporter;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Thin glue: observe, plan, act, report, and decide when to look again. */
@ControllerConfiguration(name = LambdaEfsMountReconciler.NAME)
public final class LambdaEfsMountReconciler
    implements Reconciler<LambdaEfsMount>, Cleaner<LambdaEfsMount> {
  public static final String NAME = "lambdaefsmount";
  private static final Duration SHARED_READS_TTL = Duration.ofMinutes(1);
  private static final int POLL_THREADS = 4;
  private static final Logger log = LoggerFactory.getLogger(LambdaEfsMountReconciler.class);
  private static final Duration FENCED_RECHECK = Duration.ofSeconds(5);

  private final AwsClientFactory aws;
  private final Observer observer;
  private final Planner planner;
  private final ObservationRound round;
  private final DriftPoller poller;
  private final RuleHeirs heirs;
  private final HandOvers handOvers = new HandOvers();
  private final Deletion deletion;
  private final Executor executor = new Executor();
  private final StatusReporter reporter = new StatusReporter();
  private final EventRecorder events = new EventRecorder("lambda-efs-operator");
  private final Clock clock;
  private final OperatorSettings settings;
  private final OperatorMetrics metrics;
  private final BooleanSupplier stopping;

  /**
   * @param stopping true once the operator stops: AWS calls are refused from then on, and a round
   *     that could not finish reports nothing (its next owner reads AWS afresh)
   */
  public LambdaEfsMountReconciler(
      AwsClientFactory aws,
      OperatorSettings settings,
      Clock clock,
      OperatorMetrics metrics,
      BooleanSupplier stopping) {
    this.stopping = stopping;
    this.metrics = metrics;
    this.settings = settings;
    this.clock = clock;
    this.planner = new Planner(settings.tenancy());
    // Shared reads (file system, mount targets, subnets) live at most half a poll interval.
    Duration half = settings.pollInterval().dividedBy(2);
    this.observer =
        new Observer(clock, half.compareTo(SHARED_READS_TTL) < 0 ? half : SHARED_READS_TTL);
    // Whatever writes to AWS through these clients, the shared reads see it (read-your-writes).
    this.aws = new InterceptedClients(aws, observer.ownWrites());
    this.round = new ObservationRound(observer, planner);
    this.poller = new DriftPoller(this.aws, round, planner, settings);
    this.heirs = new RuleHeirs(observer, this.aws, planner, settings.tenancy().externalId());
    this.deletion =
        new Deletion(
            this.aws,
            observer,
            planner,
            heirs,
            handOvers,
            settings.tenancy().externalId(),
            settings.slowRecheck(),
            clock,
            stopping);
  }

  /** The drift poller: the only thing that looks at an in-sync resource again. */
  @Override
  public List<EventSource<?, LambdaEfsMount>> prepareEventSources(
      EventSourceContext<LambdaEfsMount> context) {
    var config =
        new PerResourcePollingConfigurationBuilder<DriftPoller.PolledState, LambdaEfsMount, String>(
                poller, settings.pollInterval())
            .withResourceIDMapper(state -> "aws")
            // A poll mostly waits for AWS (and for its turn in the rate budget): a few threads
            // keep a large fleet's polls on time. JOSDK's default is one.
            .withExecutorService(new ScheduledThreadPoolExecutor(POLL_THREADS))
            .withName("drift-poller")
            .build();
    return List.of(
        new PerResourcePollingEventSource<>(DriftPoller.PolledState.class, context, config));
  }

  @Override
  public UpdateControl<LambdaEfsMount> reconcile(
      LambdaEfsMount resource, Context<LambdaEfsMount> context) {
    String ref = ref(resource);
    MDC.put("resource", ref);
    try {
      DesiredMount desired = DesiredMount.of(resource);
      if (StatusReporter.established(resource.getStatus())) {
        desired = desired.asEstablished();
      }
      // A role the namespace may not use is not even assumed: the refusal needs no AWS read.
      Plan refused = planner.refusal(desired);
      AwsClients clients = refused == null ? aws.clients(target(desired)) : null;
      Plan plan = refused != null ? refused : plan(desired, clients, context);
      boolean apply = desired.driftPolicy() == DriftPolicy.Correct;
      Outcome outcome = Outcome.nothing();
      if (apply && !plan.actions().isEmpty()) {
        String fenced = WriteFence.whyNot(resource, context.getClient(), false);
        if (fenced != null) {
          log.info("{}: writes nothing this round: {}", ref, fenced);
          return UpdateControl.<LambdaEfsMount>noUpdate().rescheduleAfter(FENCED_RECHECK);
        }
        outcome =
            handOvers.execute(
                plan,
                heir -> RuleHeirs.stillLive(heir, context.getPrimaryCache().list()),
                () -> executor.execute(plan.actions(), clients, ref));
        if (outcome == null) {
          // An heir is being deleted: plan again with what is live now.
          return UpdateControl.<LambdaEfsMount>noUpdate().rescheduleAfter(Requeue.AFTER_WRITE);
        }
      }
      if (stopping.getAsBoolean()) {
        log.info("{}: the operator is stopping: not reporting this round", ref);
        return UpdateControl.noUpdate();
      }
      outcome = outcome.withFailure(planner.interpret(desired, outcome.failure()));
      logDecision(ref, plan, apply);
      LambdaEfsMountStatus status =
          reporter.report(resource, plan, outcome, apply, clock.instant());
      Optional<Duration> next = Requeue.after(plan, outcome, apply, settings.slowRecheck());
      if (status.equals(resource.getStatus())) {
        UpdateControl<LambdaEfsMount> none = UpdateControl.noUpdate();
        return next.map(none::rescheduleAfter).orElse(none);
      }
      if (log.isDebugEnabled()) {
        log.debug(
            "{} uid {}: status changes from {} to {}",
            ref,
            resource.getMetadata().getUid(),
            context.getClient().getKubernetesSerialization().asJson(resource.getStatus()),
            context.getClient().getKubernetesSerialization().asJson(status));
      }
      // JSON Patch with the resourceVersion read (why not SSA: OperatorRuntime). Patch and put the
      // result into JOSDK's cache at once: the next reconcile then compares with this status, not
      // with an older one the informer has not replaced yet (which would patch again). Events
      // follow the status they describe, so only once it is written.
      PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
          resource,
          context,
          fresh -> {
            fresh.setStatus(status);
            return fresh;
          });
      for (StatusEvents.Event event :
          StatusEvents.between(resource.getStatus(), status, plan, apply)) {
        events.record(context.getClient(), resource, event);
        countDrift(event, resource.getStatus(), plan);
      }
      UpdateControl<LambdaEfsMount> none = UpdateControl.noUpdate();
      return next.map(none::rescheduleAfter).orElse(none);
    } finally {
      MDC.remove("resource");
    }
  }

  @Override
  public DeleteControl cleanup(LambdaEfsMount resource, Context<LambdaEfsMount> context) {
    MDC.put("resource", ref(resource));
    try {
      DeleteControl control = deletion.round(resource, context);
      if (control.isRemoveFinalizer()) {
        poller.forget(resource);
      }
      return control;
    } finally {
      MDC.remove("resource");
    }
  }

  /**
   * A call the operator's RBAC does not allow (403): one line that names the verb and the resource,
   * beside JOSDK's stack trace. The status cannot be written either; JOSDK retries with backoff.
   */
  @Override
  public ErrorStatusUpdateControl<LambdaEfsMount> updateErrorStatus(
      LambdaEfsMount resource, Context<LambdaEfsMount> context, Exception e) {
    // JOSDK hands over the client's exception wrapped in an OperatorException.
    Throwable cause = e;
    while (cause != null && !(cause instanceof KubernetesClientException)) {
      cause = cause.getCause();
    }
    if (cause instanceof KubernetesClientException k
        && k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
      log.error(
          "{}: the Kubernetes API refused a call the operator makes: {}. Grant it to the "
              + "operator's ServiceAccount, as the chart's ClusterRole does (deploy/02-rbac.yaml).",
          ref(resource),
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : k.getMessage());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * The reconcile's plan; planned again with who relies on the rules it releases, once the first
   * plan says which rules those are.
   */
  private Plan plan(DesiredMount desired, AwsClients clients, Context<LambdaEfsMount> context) {
    Observation observation = round.observe(desired, clients, Observer.Purpose.RECONCILE);
    Plan first = planner.plan(desired, observation);
    if (first.releasing().isEmpty()) {
      return first;
    }
    return planner.plan(
        desired,
        observation.withRuleHeirs(
            heirs.find(desired, first.releasing(), context.getPrimaryCache().list())));
  }

  private void countDrift(StatusEvents.Event event, LambdaEfsMountStatus before, Plan plan) {
    if (event.reason().equals(StatusEvents.DRIFT_DETECTED)) {
      plan.drift().forEach(d -> metrics.driftDetected());
    } else if (event.reason().equals(StatusEvents.DRIFT_CORRECTED) && before.getDrift() != null) {
      before.getDrift().forEach(d -> metrics.driftCorrected());
    }
  }

  private static void logDecision(String ref, Plan plan, boolean apply) {
    plan.problems().stream()
        .filter(p -> p.severity() != Problem.Severity.WAITING)
        .forEach(p -> log.info("{}: {} {}: {}", ref, p.severity(), p.reason(), p.message()));
    if (!apply && !plan.actions().isEmpty()) {
      plan.actions()
          .forEach(a -> log.info("{}: not applied (driftPolicy Report): {}", ref, a.describe()));
    }
  }

  private AwsTarget target(DesiredMount desired) {
    return desired.awsTarget(settings.tenancy().externalId());
  }

  static String ref(LambdaEfsMount resource) {
    return "LambdaEfsMount("
        + resource.getMetadata().getNamespace()
        + "/"
        + resource.getMetadata().getName()
        + ")";
  }
}
