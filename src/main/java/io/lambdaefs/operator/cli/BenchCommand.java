package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.status.Conditions;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scale benchmark: N resources against the simulated AWS with its rate limits on. Prints what
 * it measured: time to converge against the floor the rate limits impose, AWS calls per resource by
 * operation, and the reads and writes of the steady state.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure convergence time and AWS calls per resource against the simulated AWS with rate limits.")
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--resources",
      description = "LambdaEfsMount resources (default 100; with --chaos 300).")
  Integer resourcesOption;

  int resources;

  @Option(
      names = "--chaos",
      description =
          "The seeded fault run instead: resources created, changed and deleted with every fault on"
              + " (throttling, 5xx, lost responses, latency, operator crashes, out-of-band changes),"
              + " then checked: every resource left Ready, AWS holding exactly what they own.")
  boolean chaos;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the chaos run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json (the chaos run's figures).")
  String output;

  @Option(
      names = "--security-groups",
      defaultValue = "10",
      description = "Function security groups shared by the functions (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--poll-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Drift poll interval during the run (default ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--steady-intervals",
      defaultValue = "2",
      description = "Poll intervals to watch the steady state (default ${DEFAULT-VALUE}).")
  int steadyIntervals;

  @Option(
      names = "--lambda-update-delay",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "How long the simulated Lambda takes to apply an update (default ${DEFAULT-VALUE}).")
  Duration lambdaDelay;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "How long to wait for every resource to become Ready before giving up, with the reasons"
              + " of those that are not and exit code 1 (default ${DEFAULT-VALUE}).")
  Duration timeout;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    System.setProperty("LOG_LEVEL", "warn");
    if (!output.equals("text") && !output.equals("json")) {
      System.err.println("-o must be text or json, not " + output);
      return 2;
    }
    if (resourcesOption != null && resourcesOption <= 0) {
      System.err.println("--resources must be at least 1, not " + resourcesOption);
      return 2;
    }
    if (chaos) {
      return chaos();
    }
    resources = resourcesOption == null ? 100 : resourcesOption;
    SimulatedAws sim =
        SimulatedAws.fromWorldYaml(BenchWorld.yaml(resources, groups), "bench world");
    sim.settings().lambdaUpdateDelay(lambdaDelay).accessPointCreateDelay(Duration.ofMillis(500));
    sim.faults().setRateLimits(true);
    OperatorSettings settings = OperatorSettings.defaults().withPollInterval(pollInterval);
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes();
        OperatorRuntime operator =
            new OperatorRuntime(
                    kubernetes.client(), new SimClientFactory(sim), settings, Clock.systemUTC())
                .start()) {
      KubernetesClient client = kubernetes.client();
      long start = System.nanoTime();
      for (int i = 0; i < resources; i++) {
        client
            .resource(
                client
                    .getKubernetesSerialization()
                    .unmarshal(BenchWorld.mount(i), LambdaEfsMount.class))
            .create();
      }
      int ready = 0;
      long deadline = start + timeout.toNanos();
      long nextReport = System.nanoTime();
      while (ready < resources && System.nanoTime() < deadline) {
        Thread.sleep(250);
        if (System.nanoTime() >= nextReport) {
          out.printf(
              "  %5.1f s: %d of %d Ready, %d AWS calls so far%n",
              (System.nanoTime() - start) / 1e9, ready, resources, sim.calls().total());
          nextReport = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        }
        ready =
            (int)
                client
                    .resources(LambdaEfsMount.class)
                    .inNamespace("default")
                    .list()
                    .getItems()
                    .stream()
                    .filter(
                        r ->
                            r.getStatus() != null
                                && Conditions.isTrue(
                                    r.getStatus().getConditions(), Conditions.READY))
                    .count();
      }
      double converge = (System.nanoTime() - start) / 1e9;
      if (ready < resources) {
        Map<String, Integer> reasons = new TreeMap<>();
        client.resources(LambdaEfsMount.class).inNamespace("default").list().getItems().stream()
            .filter(
                r ->
                    r.getStatus() == null
                        || !Conditions.isTrue(r.getStatus().getConditions(), Conditions.READY))
            .map(
                r ->
                    r.getStatus() == null
                        ? "no status"
                        : Conditions.find(r.getStatus().getConditions(), Conditions.READY)
                            .map(c -> c.getReason() + ": " + c.getMessage())
                            .orElse("no Ready condition"))
            .forEach(reason -> reasons.merge(reason, 1, Integer::sum));
        out.println("not Ready:");
        reasons.forEach((reason, n) -> out.printf("  %3d  %s%n", n, reason));
      }
      Map<String, Integer> convergeCalls = sim.calls().snapshot();
      int convergeTotal = sim.calls().total();
      int convergeWrites = sim.calls().writes();

      out.printf(
          "resources: %d (functions sharing %d security groups, one file system)%n",
          resources, groups);
      out.printf("ready: %d of %d after %.1f s%n", ready, resources, converge);
      double floor = floorSeconds();
      out.printf(
          "floor imposed by rate limits and AWS delays: %.1f s; converge / floor = %.2f%n",
          floor, converge / floor);
      out.printf(
          "AWS calls until converged: %d (%.1f per resource), writes %d (%.2f per resource)%n",
          convergeTotal,
          convergeTotal / (double) resources,
          convergeWrites,
          convergeWrites / (double) resources);
      out.println("by operation (calls per resource):");
      new TreeMap<>(convergeCalls)
          .forEach((op, n) -> out.printf("  %-45s %6d  %6.2f%n", op, n, n / (double) resources));

      sim.calls().reset();
      Duration steady = pollInterval.multipliedBy(steadyIntervals);
      Thread.sleep(steady.toMillis());
      out.printf(
          "steady state over %d poll intervals of %s: reads %d (%.2f per resource per interval), writes %d%n",
          steadyIntervals,
          pollInterval,
          sim.calls().reads(),
          sim.calls().reads() / (double) resources / steadyIntervals,
          sim.calls().writes());
      return ready == resources ? 0 : 1;
    }
  }

  /** The chaos run: progress on stderr, the figures on stdout; non-zero unless it converged. */
  private int chaos() throws InterruptedException {
    int n = resourcesOption == null ? 300 : resourcesOption;
    PrintStream progress = output.equals("json") ? System.err : out;
    ChaosFigures figures = new ChaosRun(ChaosRun.Settings.big(seed, n), progress).run();
    if (output.equals("json")) {
      figures.printJson(out);
    } else {
      figures.printHuman(out);
    }
    return figures.converged() && figures.leakedObjects() == 0 && figures.duplicatedObjects() == 0
        ? 0
        : 1;
  }

  /**
   * The shortest time AWS itself allows: every function needs UpdateFunctionConfiguration and
   * TagResource, which share Lambda's 15 requests/s control-plane limit; then Lambda's own update
   * time and the access point's creation.
   */
  private double floorSeconds() {
    double lambdaControlPlane = 2.0 * resources / 15.0;
    double efsCreates = resources / 25.0;
    return Math.max(lambdaControlPlane, efsCreates) + lambdaDelay.toMillis() / 1000.0 + 0.5;
  }
}
