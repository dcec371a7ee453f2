package io.lambdaefs.operator.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The scale benchmark's command line: validates the options, runs {@link ScaleBench} and prints
 * what it measured ({@link BenchReport}). Exit 0 when every resource became Ready, 1 when the run
 * timed out, 2 for bad options.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Measure how fast N LambdaEfsMounts converge against the simulated AWS with AWS's rate"
            + " limits enforced, beside the floor those limits set, and the AWS calls, steady"
            + " state, drift detection and memory of the operator.")
public final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--resources",
      description = "LambdaEfsMount resources, one function each (default 1000; with --chaos 300).")
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
      names = "--file-systems",
      defaultValue = "10",
      description =
          "File systems the resources are spread over, each with its own mount-target security"
              + " group (default ${DEFAULT-VALUE}).")
  int fileSystems;

  @Option(
      names = "--security-groups",
      defaultValue = "10",
      description = "Security groups the functions share (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--latency",
      defaultValue = "30ms",
      converter = DurationConverter.class,
      description = "Round trip of every simulated AWS call (default ${DEFAULT-VALUE}).")
  Duration latency;

  @Option(
      names = "--lambda-update-delay",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "How long the simulated Lambda takes to apply an update (default ${DEFAULT-VALUE}).")
  Duration lambdaDelay;

  @Option(
      names = "--poll-interval",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "The operator's drift poll interval during the run (default ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--steady-intervals",
      defaultValue = "2",
      description =
          "Poll intervals to watch the steady state once every resource is Ready and one more"
              + " interval has passed (default ${DEFAULT-VALUE}).")
  int steadyIntervals;

  @Option(
      names = "--throughput-mode",
      defaultValue = "elastic",
      description =
          "Throughput mode of the file systems: elastic, bursting or provisioned (default"
              + " ${DEFAULT-VALUE}); on bursting ones the operator also reads each function's"
              + " provisioned concurrency.")
  String throughputMode;

  @Option(
      names = "--no-drift",
      negatable = false,
      description = "Skip the drift measurement (an out-of-band detach, timed until reported).")
  boolean noDrift;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "How long to wait for every resource to become Ready before giving up: the run then"
              + " says it timed out, lists why the others are not Ready, reports no ratio and"
              + " exits 1 (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "50",
      description =
          "The operator's concurrent reconciles, as run --reconcile-threads (default ${DEFAULT-VALUE}).")
  int reconcileThreads;

  @Option(
      names = "--aws-rate-limits",
      defaultValue = "",
      description =
          "The operator's own pace of AWS calls, as run --aws-rate-limits (default: nine tenths of"
              + " AWS's limits).")
  String rateLimits;

  @Mixin OutputOptions output;

  @Spec CommandSpec spec;

  private final PrintStream out;

  public BenchCommand() {
    this(System.out);
  }

  BenchCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    output.applyLogLevel();
    if (resourcesOption != null && resourcesOption < 1) {
      throw usage("--resources must be at least 1, not " + resourcesOption);
    }
    if (chaos) {
      return chaos();
    }
    resources = resourcesOption == null ? 1000 : resourcesOption;
    validate();
    try {
      RunCommand.rateLimits(rateLimits);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    ScaleBench bench =
        new ScaleBench(
            new ScaleBench.Options(
                resources,
                fileSystems,
                groups,
                latency,
                lambdaDelay,
                pollInterval,
                steadyIntervals,
                timeout,
                throughputMode,
                !noDrift,
                reconcileThreads,
                RunCommand.rateLimits(rateLimits)),
            output.json() ? null : out);
    ScaleBench.Result result = bench.run();
    if (output.json()) {
      out.println(BenchReport.json(result));
    } else {
      BenchReport.text(result, out);
    }
    return result.timedOut() ? 1 : 0;
  }

  /** The chaos run: progress on stderr, the figures on stdout; non-zero unless it converged. */
  private int chaos() throws InterruptedException {
    int n = resourcesOption == null ? 300 : resourcesOption;
    PrintStream progress = output.json() ? System.err : out;
    ChaosFigures figures = new ChaosRun(ChaosRun.Settings.big(seed, n), progress).run();
    if (output.json()) {
      figures.printJson(out);
    } else {
      figures.printHuman(out);
    }
    return figures.converged() && figures.leakedObjects() == 0 && figures.duplicatedObjects() == 0
        ? 0
        : 1;
  }

  private void validate() {
    positive("--file-systems", fileSystems);
    positive("--security-groups", groups);
    positive("--reconcile-threads", reconcileThreads);
    if (fileSystems > resources) {
      throw usage(
          "--file-systems (" + fileSystems + ") must not exceed --resources (" + resources + ")");
    }
    if (steadyIntervals < 0) {
      throw usage("--steady-intervals must be 0 or more, not " + steadyIntervals);
    }
    positive("--poll-interval", pollInterval);
    positive("--timeout", timeout);
    if (latency.isNegative()) {
      throw usage("--latency must not be negative, not " + latency);
    }
    if (lambdaDelay.isNegative()) {
      throw usage("--lambda-update-delay must not be negative, not " + lambdaDelay);
    }
    if (!List.of("elastic", "bursting", "provisioned").contains(throughputMode)) {
      throw usage(
          "--throughput-mode must be elastic, bursting or provisioned, not '"
              + throughputMode
              + "'");
    }
  }

  private void positive(String option, int value) {
    if (value < 1) {
      throw usage(option + " must be at least 1, not " + value);
    }
  }

  private void positive(String option, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw usage(option + " must be longer than 0, not " + value);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
