package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.InterceptedClients;
import io.lambdaefs.operator.aws.RateBudget;
import io.lambdaefs.operator.aws.ResumedReads;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.runtime.AwsCallGate;
import io.lambdaefs.operator.runtime.HttpEndpoints;
import io.lambdaefs.operator.runtime.HttpEndpoints.Probe;
import io.lambdaefs.operator.runtime.InstrumentedClients;
import io.lambdaefs.operator.runtime.LeaderElection;
import io.lambdaefs.operator.runtime.LeaseRelease;
import io.lambdaefs.operator.runtime.OperatorMetrics;
import io.lambdaefs.operator.runtime.RuntimeSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one operator: the Kubernetes client, the AWS clients, the settings, leader election,
 * metrics and the HTTP endpoints. No DI container. {@link #close()} may be called more than once
 * and from any thread (a shutdown hook, the main thread, a lost Lease): the first call stops
 * everything.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OperatorRuntime.class);

  /** How long a stop waits for AWS calls under way; the SDK's own timeouts end them sooner. */
  private static final Duration AWS_DRAIN = Duration.ofSeconds(30);

  /**
   * The name the operator's writes carry in managedFields. The API server takes the field manager
   * of a write that names none (a JSON Patch, an update) from the User-Agent up to its first '/'.
   */
  public static final String FIELD_MANAGER = "lambda-efs-operator";

  private final KubernetesClient client;
  private final Operator operator;
  private final RegisteredController<LambdaEfsMount> controller;
  private final RuntimeSettings runtime;
  private final RateBudget rateBudget;
  private final AwsClientFactory aws;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OperatorMetrics metrics = new OperatorMetrics(registry);
  private final AwsCallGate awsCalls = new AwsCallGate();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final Object leaseMonitor = new Object();
  private volatile boolean leading;
  private volatile boolean leadershipLost;
  private volatile HttpEndpoints http;

  /**
   * The Kubernetes client of {@code run}: the SDK's configuration (kubeconfig, in-cluster), with a
   * User-Agent that makes {@link #FIELD_MANAGER} the field manager of everything it writes (the
   * finalizer, the status, the Lease, Events).
   */
  public static KubernetesClient kubernetesClient(Config config) {
    String version = OperatorRuntime.class.getPackage().getImplementationVersion();
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(config)
                .withUserAgent(FIELD_MANAGER + "/" + (version == null ? "dev" : version))
                .build())
        .build();
  }

  /** An operator that reconciles alone and serves no HTTP: the embedded demo. */
  public OperatorRuntime(
      KubernetesClient client, AwsClientFactory aws, OperatorSettings settings, Clock clock) {
    this(client, aws, settings, RuntimeSettings.embedded(), clock);
  }

  public OperatorRuntime(
      KubernetesClient client,
      AwsClientFactory aws,
      OperatorSettings settings,
      RuntimeSettings runtime,
      Clock clock) {
    this.client = client;
    this.runtime = runtime;
    this.leading = runtime.leaderElection() == null;
    // Status and finalizer are written with JSON Patch carrying the resourceVersion that was read
    // (a compare-and-swap), not with server-side apply (JOSDK's default), on every API server:
    // - the status is a report computed from one read of the resource and one observation of AWS:
    //   a patch from a stale read must fail (409; JOSDK reads again) instead of overwriting a newer
    //   report, which an apply with force does;
    // - a patch touches only what changed (a finalizer, the status subresource), so the operator
    //   never owns spec fields that Argo CD or Flux apply server-side; their applies and its
    //   patches live side by side (StatusOnApiServerTest, on a real API server);
    // - the fabric8 mock server of the demo and the fast test tiers refuses SSA (415): with one
    //   path everywhere, the tiers that run the most tests run the production path, and no field
    //   is left behind by a change of field manager (Update to Apply) between releases.
    // The chart grants no access to CRDs, so the CRD is not checked at start.
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withConcurrentReconciliationThreads(settings.reconcileThreads())
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .checkingCRDAndValidateLocalModel(false)
                  // Per-resource series would grow with the fleet; the controller-level ones are
                  // enough.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              runtime
                  .leaderElectionIfEnabled()
                  .ifPresent(le -> o.withLeaderElectionConfiguration(configuration(le)));
            });
    AwsClientFactory instrumented = new InstrumentedClients(aws, metrics.awsCalls(), awsCalls);
    // The gate (AwsCallGate) is innermost: a call waiting for its turn is not under way, and one
    // that gets its turn once the operator stops is refused there.
    // Every reconcile and drift poll waits its turn in one budget per API family and Region, so
    // that AWS never has to throttle the operator (and the account's other tools keep their share).
    rateBudget = new RateBudget(settings.rateLimits(), settings.rateWait());
    // A reconcile the budget sent away resumes with the function it had read (ResumedReads).
    instrumented = new InterceptedClients(instrumented, new ResumedReads(clock), rateBudget);
    this.aws = instrumented;
    controller =
        operator.register(
            new LambdaEfsMountReconciler(
                instrumented, settings, clock, metrics, awsCalls::isClosed),
            c -> {
              // A round that failed (its status could not be written, say) is tried again for as
              // long as it takes, at most a minute apart: JOSDK's default gives up after five
              // tries,
              // and an in-sync resource gets no other event to try again.
              c.withRetry(
                  new GenericRetry()
                      .setMaxAttempts(-1)
                      .setInitialInterval(1000)
                      .setIntervalMultiplier(2)
                      .setMaxInterval(60_000));
              if (!settings.namespaces().isEmpty()) {
                c.settingNamespaces(settings.namespaces());
              }
              if (settings.labelSelector() != null && !settings.labelSelector().isBlank()) {
                c.withLabelSelector(settings.labelSelector());
              }
            });
    metrics.trackLeadership(() -> leading);
    metrics.trackResources(this::cachedResources);
  }

  /**
   * Starts the HTTP endpoints, then the operator: informers sync on every replica, but only the
   * Lease holder processes events. Blocks until the informers have synced.
   */
  public OperatorRuntime start() {
    try {
      runtime
          .httpAddressIfEnabled()
          .ifPresent(
              address ->
                  http =
                      new HttpEndpoints(address, this::liveness, this::readiness, registry::scrape)
                          .start());
      operator.start();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Stops reconciling (a leader releases its Lease), then the HTTP endpoints. Idempotent. AWS is
   * cut off first: from then on no AWS call leaves the process, a reconcile under way does not
   * report what it could not finish, and this returns once the calls already sent have returned.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    try {
      awsCalls.close();
      operator.stop();
      if (!awsCalls.awaitIdle(AWS_DRAIN)) {
        log.warn("AWS calls still under way {} after the operator stopped", AWS_DRAIN);
      }
      releaseLease();
    } catch (RuntimeException e) {
      log.warn("the operator did not stop cleanly: {}", e.toString());
    } finally {
      leading = false;
      HttpEndpoints endpoints = http;
      if (endpoints != null) {
        endpoints.close();
      }
      metrics.close();
      terminated.countDown();
    }
  }

  /**
   * Stops as a crash would, from any thread, the operator's own included (a lost Lease, a chaos
   * run): AWS is cut off before this returns; the rest of {@link #close()} runs on a thread of its
   * own, which is returned (stopping the operator waits for its executors).
   */
  public Thread closeInBackground(String why) {
    awsCalls.close();
    Thread t = new Thread(this::close, why);
    t.start();
    return t;
  }

  /**
   * Stopping the operator ends the elector's renewals on its own thread; once it has stopped
   * leading (bounded by the renew deadline), hand the Lease over while the client is still open, so
   * that a standby takes over at its next retry instead of after the lease duration.
   */
  private void releaseLease() {
    LeaderElection le = runtime.leaderElection();
    if (le == null) {
      return;
    }
    long deadline = System.nanoTime() + le.renewDeadline().toNanos();
    synchronized (leaseMonitor) {
      try {
        for (long left = deadline - System.nanoTime();
            leading && left > 0;
            left = deadline - System.nanoTime()) {
          TimeUnit.NANOSECONDS.timedWait(leaseMonitor, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!leadershipLost) {
      new LeaseRelease(client, le).release();
    }
  }

  /** Returns once {@link #close()} has finished, whoever called it. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * True when this replica stopped because another one took its Lease: the process should exit
   * non-zero.
   */
  public boolean leadershipLost() {
    return leadershipLost;
  }

  public boolean isLeader() {
    return leading;
  }

  /** The operator's own pace of AWS calls, with how often calls waited for it. */
  public RateBudget rateBudget() {
    return rateBudget;
  }

  /** The operator's metrics; the reconciler records drift through them. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** The port /healthz, /readyz and /metrics listen on, once started with HTTP enabled. */
  public OptionalInt httpPort() {
    HttpEndpoints endpoints = http;
    return endpoints == null ? OptionalInt.empty() : OptionalInt.of(endpoints.port());
  }

  private LeaderElectionConfiguration configuration(LeaderElection le) {
    // JOSDK's own reaction to "stopped leading" is System.exit(1), which also fires when stop()
    // ends the
    // elector and would hang a shutdown hook; onStopLeading below tells a stop from a lost Lease
    // instead.
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(le.leaseName())
        .withLeaseNamespace(le.leaseNamespace())
        .withIdentity(le.identity())
        .withLeaseDuration(le.leaseDuration())
        .withRenewDeadline(le.renewDeadline())
        .withRetryPeriod(le.retryPeriod())
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> onStartLeading(le),
                () -> onStopLeading(le),
                leader -> log.info("the leader is now {}", leader.isEmpty() ? "nobody" : leader)))
        .build();
  }

  private void onStartLeading(LeaderElection le) {
    leading = true;
    log.info(
        "{} holds Lease {}/{}: reconciling", le.identity(), le.leaseNamespace(), le.leaseName());
  }

  private void onStopLeading(LeaderElection le) {
    synchronized (leaseMonitor) {
      leading = false;
      leaseMonitor.notifyAll();
    }
    if (stopping.get()) {
      log.info("{} stopped leading", le.identity());
      return;
    }
    // Another replica may already be reconciling: stop at once, and let /healthz fail so that the
    // pod
    // restarts and rejoins as a standby. Not on this thread: stopping the operator waits for its
    // executors.
    leadershipLost = true;
    log.error(
        "{} lost Lease {}/{} (not renewed within {}): stopping",
        le.identity(),
        le.leaseNamespace(),
        le.leaseName(),
        le.renewDeadline());
    closeInBackground("lost-lease");
  }

  private Probe liveness() {
    if (leadershipLost) {
      return Probe.failing("lost the Lease; restart to rejoin as a standby");
    }
    return stopping.get() ? Probe.failing("stopped") : Probe.ok("ok");
  }

  private Probe readiness() {
    if (stopping.get()) {
      return Probe.failing("shutting down");
    }
    var info = operator.getRuntimeInfo();
    if (!info.isStarted()) {
      return Probe.failing("starting: informers are syncing");
    }
    if (!info.allEventSourcesAreHealthy()) {
      return Probe.failing("unhealthy event sources: " + info.unhealthyEventSources());
    }
    // A standby is ready too: it serves metrics and must not block a rolling update.
    return Probe.ok(leading ? "ready (reconciling)" : "ready (standby, waiting for the Lease)");
  }

  private Stream<LambdaEfsMount> cachedResources() {
    if (!(controller instanceof Controller<LambdaEfsMount> c)
        || !operator.getRuntimeInfo().isStarted()) {
      return Stream.empty();
    }
    return c.getEventSourceManager().getControllerEventSource().list(r -> true);
  }
}
