package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.ApiFamily;
import io.lambdaefs.operator.aws.AwsRateLimits;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.status.Conditions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scale benchmark: N LambdaEfsMounts over F file systems against the simulated AWS with AWS's
 * rate limits enforced and a round trip per call, the Kubernetes API in a process of its own.
 * Measures the time until every resource is Ready against the floor the rate limits set, the calls
 * per mount, the steady state's reads and writes, how soon an out-of-band change is seen, and the
 * operator's memory.
 */
final class ScaleBench {

  /** What to run. */
  record Options(
      int resources,
      int fileSystems,
      int groups,
      Duration latency,
      Duration lambdaDelay,
      Duration pollInterval,
      int steadyIntervals,
      Duration timeout,
      String throughputMode,
      boolean drift,
      int reconcileThreads,
      AwsRateLimits rateLimits) {}

  /** What was measured; the figures of a run that did not converge are null where meaningless. */
  record Result(
      Options options,
      int ready,
      boolean timedOut,
      double elapsedSeconds,
      Double readySeconds,
      double floorSeconds,
      double budgetFloorSeconds,
      Double ratio,
      Double firstReconcileSeconds,
      int creationCalls,
      int creationWrites,
      Map<String, Integer> callsByOperation,
      Integer steadyReads,
      Integer steadyWrites,
      Map<String, Integer> steadyCallsByOperation,
      Double driftDetectionSeconds,
      int throttled,
      int throttledSeenInStatus,
      Map<String, Long> callsThatWaitedForBudget,
      Map<String, Long> deferralsByBudget,
      int pacedSeenInStatus,
      double heapAfterGcMiB,
      double maxHeapMiB,
      double rssMiB,
      double apiServerRssMiB,
      Map<String, Integer> notReady) {

    Double creationCallsPerMount() {
      return readySeconds == null ? null : creationCalls / (double) options.resources();
    }

    Double steadyReadsPerMountPerCycle() {
      return steadyReads == null || options.steadyIntervals() == 0
          ? null
          : steadyReads / (double) options.resources() / options.steadyIntervals();
    }
  }

  /** What the watch saw of each resource. */
  private static final class Seen {
    volatile boolean ready;
    volatile boolean throttled;
    volatile boolean paced;
    volatile long driftedAt;
  }

  static final Duration ACCESS_POINT_CREATE_DELAY = Duration.ofMillis(500);

  /**
   * The Lambda control-plane writes each new mount needs: the write-ahead tag that records the file
   * system before the access point is created, the tag that records the subnets and groups the
   * operator added, and the update.
   */
  static final int LAMBDA_WRITES_PER_MOUNT = 3;

  private final Options o;
  private final PrintStream progress;

  ScaleBench(Options options, PrintStream progress) {
    this.o = options;
    this.progress = progress;
  }

  BenchWorld world() {
    return new BenchWorld(o.resources(), o.fileSystems(), o.groups(), o.throughputMode());
  }

  Result run() throws IOException, InterruptedException {
    BenchWorld world = world();
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withPollInterval(o.pollInterval())
            .withReconcileThreads(o.reconcileThreads())
            .withRateLimits(o.rateLimits());
    SimulatedAws sim = SimulatedAws.fromWorldYaml(world.yaml(), "bench world");
    sim.settings()
        .lambdaUpdateDelay(o.lambdaDelay())
        .accessPointCreateDelay(ACCESS_POINT_CREATE_DELAY);
    sim.faults().latencyOfEveryCall(o.latency());
    sim.faults().setRateLimits(true);
    Map<String, Seen> seen = new ConcurrentHashMap<>();
    AtomicLong firstStatus = new AtomicLong();
    try (ApiServerProcess api = ApiServerProcess.start()) {
      KubernetesClient client = api.client();
      for (int i = 0; i < o.resources(); i++) {
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(world.mount(i), LambdaEfsMount.class))
            .create();
        seen.put(BenchWorld.function(i), new Seen());
      }
      say("%d LambdaEfsMounts created; starting the operator%n", o.resources());
      try (Watch watch =
          client
              .resources(LambdaEfsMount.class)
              .inNamespace("default")
              .watch(watcher(seen, firstStatus))) {
        long start = System.nanoTime();
        try (OperatorRuntime operator =
            new OperatorRuntime(client, new SimClientFactory(sim), settings, Clock.systemUTC())
                .start()) {
          say(
              "operator started (informers synced) after %.1f s%n",
              seconds(System.nanoTime() - start));
          long deadline = start + o.timeout().toNanos();
          long nextReport = System.nanoTime();
          int ready = 0;
          while (ready < o.resources() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = (int) seen.values().stream().filter(s -> s.ready).count();
            if (System.nanoTime() >= nextReport) {
              say(
                  "  %6.1f s: %d of %d Ready; AWS calls %d, access points created %d, functions"
                      + " updated %d%n",
                  seconds(System.nanoTime() - start),
                  ready,
                  o.resources(),
                  sim.calls().total(),
                  sim.calls().count("EFS:CreateAccessPoint"),
                  sim.calls().count("Lambda:UpdateFunctionConfiguration"));
              nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            }
          }
          double elapsed = seconds(System.nanoTime() - start);
          boolean converged = ready == o.resources();
          Map<String, Integer> calls = sim.calls().snapshot();
          int creationCalls = sim.calls().total();
          int creationWrites = sim.calls().writes();
          Map<String, Integer> notReady = converged ? Map.of() : notReady(client);
          Integer steadyReads = null;
          Integer steadyWrites = null;
          Map<String, Integer> steadyCalls = Map.of();
          Double drift = null;
          if (converged && o.steadyIntervals() > 0) {
            // The reconciles that follow the last updates (a status, a rule check) settle first:
            // one poll interval, whose writes count too; then the reads of the steady state.
            sim.calls().reset();
            say("all Ready; settling for a poll interval (%d s)%n", o.pollInterval().toSeconds());
            Thread.sleep(o.pollInterval().toMillis());
            int settlingWrites = sim.calls().writes();
            sim.calls().reset();
            Duration steady = o.pollInterval().multipliedBy(o.steadyIntervals());
            say("watching the steady state for %d s%n", steady.toSeconds());
            Thread.sleep(steady.toMillis());
            steadyReads = sim.calls().reads();
            steadyWrites = settlingWrites + sim.calls().writes();
            steadyCalls = sim.calls().snapshot();
          }
          if (converged && o.drift()) {
            drift = driftDetection(sim, seen);
          }
          long first = firstStatus.get();
          Map<String, Long> waited = new TreeMap<>();
          Map<String, Long> deferrals = new TreeMap<>();
          for (ApiFamily f : ApiFamily.values()) {
            long n = operator.rateBudget().callsThatWaited(f);
            if (n > 0) {
              waited.put(AwsRateLimits.name(f), n);
            }
            long d = operator.rateBudget().deferrals(f);
            if (d > 0) {
              deferrals.put(AwsRateLimits.name(f), d);
            }
          }
          double heap = heapAfterGcMiB();
          return new Result(
              o,
              ready,
              !converged,
              elapsed,
              converged ? elapsed : null,
              floorSeconds(world, AwsLimits.AWS),
              floorSeconds(world, AwsLimits.of(settings.rateLimits())),
              converged ? elapsed / floorSeconds(world, AwsLimits.AWS) : null,
              first == 0 ? null : seconds(first - start),
              creationCalls,
              creationWrites,
              calls,
              steadyReads,
              steadyWrites,
              steadyCalls,
              drift,
              sim.faults().rateLimited(),
              (int) seen.values().stream().filter(s -> s.throttled).count(),
              waited,
              deferrals,
              (int) seen.values().stream().filter(s -> s.paced).count(),
              heap,
              Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0,
              ApiServerProcess.ownRssMiB(),
              api.rssMiB(),
              notReady);
        }
      }
    }
  }

  /**
   * Detaches the file system from one function behind the operator's back and waits until that
   * resource reports the drift: the time a user waits to see an out-of-band change.
   */
  private Double driftDetection(SimulatedAws sim, Map<String, Seen> seen)
      throws InterruptedException {
    String fn = BenchWorld.function(0);
    Seen s = seen.get(fn);
    s.driftedAt = 0;
    long changed = System.nanoTime();
    sim.console().setFunctionFileSystemConfigs(fn, List.of());
    say("detached the file system from %s out of band; waiting for the drift to show%n", fn);
    long deadline = changed + o.pollInterval().multipliedBy(2).plusSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      long at = s.driftedAt;
      if (at != 0) {
        return seconds(at - changed);
      }
      Thread.sleep(50);
    }
    return null;
  }

  private static Watcher<LambdaEfsMount> watcher(Map<String, Seen> seen, AtomicLong firstStatus) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, LambdaEfsMount r) {
        Seen s = seen.get(r.getMetadata().getName());
        if (s == null || r.getStatus() == null || r.getStatus().getConditions() == null) {
          return;
        }
        long now = System.nanoTime();
        firstStatus.compareAndSet(0, now);
        var conditions = r.getStatus().getConditions();
        s.ready = Conditions.isTrue(conditions, Conditions.READY);
        if (conditions.stream().anyMatch(c -> "AwsThrottled".equals(c.getReason()))) {
          s.throttled = true;
        }
        if (conditions.stream().anyMatch(c -> Plan.RATE_BUDGET.equals(c.getReason()))) {
          s.paced = true;
        }
        if (s.driftedAt == 0 && Conditions.isTrue(conditions, Conditions.DRIFTED)) {
          s.driftedAt = now;
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // the run is over, or the API server went away: the deadline ends the wait
      }
    };
  }

  private static Map<String, Integer> notReady(KubernetesClient client) {
    Map<String, Integer> reasons = new TreeMap<>();
    client.resources(LambdaEfsMount.class).inNamespace("default").list().getItems().stream()
        .filter(
            r ->
                r.getStatus() == null
                    || !Conditions.isTrue(r.getStatus().getConditions(), Conditions.READY))
        .map(
            r ->
                r.getStatus() == null
                    ? "no status yet"
                    : Conditions.find(r.getStatus().getConditions(), Conditions.READY)
                        .map(c -> c.getReason() + ": " + c.getMessage())
                        .orElse("no Ready condition"))
        .forEach(reason -> reasons.merge(reason, 1, Integer::sum));
    return reasons;
  }

  /** Rates per second and bucket sizes of the calls that bound convergence. */
  record AwsLimits(
      double lambdaControl,
      double lambdaControlBurst,
      double getFunction,
      double getFunctionBurst,
      double efs,
      double efsBurst,
      double sgRules,
      double sgRulesBurst) {
    /** AWS's own limits, as the simulated AWS enforces them. */
    static final AwsLimits AWS = new AwsLimits(15, 15, 100, 100, 25, 25, 5, 50);

    static AwsLimits of(AwsRateLimits r) {
      return new AwsLimits(
          r.of(ApiFamily.LAMBDA_CONTROL).perSecond(),
          r.of(ApiFamily.LAMBDA_CONTROL).burst(),
          r.of(ApiFamily.LAMBDA_GET_FUNCTION).perSecond(),
          r.of(ApiFamily.LAMBDA_GET_FUNCTION).burst(),
          r.of(ApiFamily.EFS).perSecond(),
          r.of(ApiFamily.EFS).burst(),
          r.of(ApiFamily.EC2_SG_RULES).perSecond(),
          r.of(ApiFamily.EC2_SG_RULES).burst());
    }
  }

  /**
   * The shortest time the limits allow, from the calls no operator can avoid: per mount an
   * UpdateFunctionConfiguration and its two TagResource ({@link #LAMBDA_WRITES_PER_MOUNT}, Lambda's
   * control plane; plus the function's provisioned concurrency on a bursting file system), a
   * CreateAccessPoint and two GetFunction (one to plan, one to see the update done); per file
   * system its description, mount targets, their groups and its access points; one NFS rule per
   * group pair. Then the last update's own time and the round trips of its create, update and the
   * read that sees it Successful.
   */
  double floorSeconds(BenchWorld w, AwsLimits l) {
    double n = w.functions();
    double control =
        n * (LAMBDA_WRITES_PER_MOUNT + ("bursting".equals(w.throughputMode()) ? 1 : 0));
    double efs = n + w.fileSystems() * 6.0;
    double slowest =
        Math.max(
            Math.max(
                budget(control, l.lambdaControl(), l.lambdaControlBurst()),
                budget(2 * n, l.getFunction(), l.getFunctionBurst())),
            Math.max(
                budget(efs, l.efs(), l.efsBurst()),
                budget(w.groupPairs(), l.sgRules(), l.sgRulesBurst())));
    return slowest + seconds(o.lambdaDelay().toNanos()) + 3 * seconds(o.latency().toNanos());
  }

  private static double budget(double calls, double perSecond, double burst) {
    return Math.max(0, calls - burst) / perSecond;
  }

  private static double heapAfterGcMiB() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
  }

  private void say(String format, Object... args) {
    if (progress != null) {
      progress.printf(format, args);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
