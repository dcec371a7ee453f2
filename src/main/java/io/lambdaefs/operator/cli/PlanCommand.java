package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.SdkClientFactory;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.aws.sim.WorldException;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.validate.CrdValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Preflight and plan for a GitOps repository's CI: validates each LambdaEfsMount against the CRD,
 * then shows what the operator would do, with its own Observer and Planner, writing nothing.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Validate LambdaEfsMount files against the CRD and show what the operator would do in AWS, "
          + "without changing anything (read-only AWS calls only).",
      "Exit code: 0 in sync, 2 changes pending, 1 problems found (or an invalid file)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:in sync: nothing to do",
      "2:changes pending",
      "1:problems found, invalid file or usage error"
    })
public final class PlanCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description =
          "LambdaEfsMount YAML file, several documents allowed; '-' reads standard input. Repeatable.")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--world",
      paramLabel = "WORLD",
      description =
          "Plan against a simulated AWS account seeded from this world file instead of real AWS.")
  Path world;

  @Option(
      names = "--region",
      defaultValue = "${env:AWS_REGION:-us-east-1}",
      description =
          "Region for resources without spec.region, in real AWS (env AWS_REGION; default ${DEFAULT-VALUE}); "
              + "a world file has its own Region.")
  String region;

  @Option(
      names = "--aws-endpoint",
      defaultValue = "${env:AWS_ENDPOINT_URL:-}",
      description = "AWS endpoint override, e.g. LocalStack or moto (env AWS_ENDPOINT_URL).")
  String endpoint;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--verbose",
      description = "Show the operator's own log lines (on standard error).")
  boolean verbose;

  @Mixin TenancyOptions tenancy = new TenancyOptions();

  enum Format {
    text,
    json
  }

  private final PrintStream out;
  private final PrintStream err;

  public PlanCommand() {
    this(System.out, System.err);
  }

  PlanCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    System.setProperty("LOG_LEVEL", verbose ? "info" : "warn");
    List<Input> inputs = new ArrayList<>();
    try {
      for (String file : files) {
        inputs.add(read(file));
      }
    } catch (IOException e) {
      err.println(
          "plan: cannot read "
              + (e instanceof NoSuchFileException ? "(no such file) " : "")
              + e.getMessage());
      return DocumentPlan.Result.PROBLEMS.exitCode();
    }
    Tenancy who;
    try {
      who = tenancy.tenancy();
    } catch (IllegalArgumentException e) {
      err.println("plan: " + e.getMessage());
      return DocumentPlan.Result.PROBLEMS.exitCode();
    }
    try (AwsClientFactory aws = aws()) {
      PlanRunner runner = new PlanRunner(aws, CrdValidator.fromClasspath(), Clock.systemUTC(), who);
      List<DocumentPlan> plans = new ArrayList<>();
      inputs.forEach(in -> plans.addAll(runner.plan(in.text(), in.name())));
      if (output == Format.json) {
        PlanOutput.json(plans, out);
      } else {
        PlanOutput.text(plans, out);
      }
      return PlanOutput.worst(plans).exitCode();
    } catch (IOException | WorldException e) {
      err.println("plan: cannot load the world file: " + e.getMessage());
      return DocumentPlan.Result.PROBLEMS.exitCode();
    }
  }

  private AwsClientFactory aws() throws IOException {
    if (world != null) {
      return new SimClientFactory(SimulatedAws.fromWorldFile(world));
    }
    return new SdkClientFactory(
        region, endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint));
  }

  private record Input(String name, String text) {}

  private static Input read(String file) throws IOException {
    if ("-".equals(file)) {
      return new Input("<stdin>", new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
    }
    return new Input(file, Files.readString(Path.of(file)));
  }
}
