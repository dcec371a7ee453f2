package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.validate.CrdValidator;
import java.io.PrintStream;
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

  @Mixin AwsTarget aws;

  @Mixin OutputOptions report;

  @Mixin TenancyOptions tenancy = new TenancyOptions();

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
    report.applyLogLevel();
    List<InputFile> inputs = new ArrayList<>();
    try {
      for (String file : files) {
        inputs.add(InputFile.read(file, System.in));
      }
    } catch (InputFile.Unreadable e) {
      return fail(e.file, "cannot read " + e.getMessage());
    }
    Tenancy who;
    try {
      who = tenancy.tenancy();
    } catch (IllegalArgumentException e) {
      return fail(null, e.getMessage());
    }
    AwsClientFactory clients;
    try {
      clients = aws.clients();
    } catch (AwsTarget.Unavailable e) {
      return fail(e.file, e.getMessage());
    }
    try (clients) {
      PlanRunner runner =
          new PlanRunner(clients, CrdValidator.fromClasspath(), Clock.systemUTC(), who);
      List<DocumentPlan> plans = new ArrayList<>();
      inputs.forEach(in -> plans.addAll(runner.plan(in.text(), in.name())));
      if (report.json()) {
        PlanOutput.json(plans, out);
      } else {
        PlanOutput.text(plans, out);
      }
      return PlanOutput.worst(plans).exitCode();
    }
  }

  /** A problem before any document is planned: one line, or one JSON object with -o json. */
  private int fail(String file, String message) {
    if (report.json()) {
      PlanOutput.jsonError(file, message, out);
    } else {
      err.println("plan: " + message);
    }
    return DocumentPlan.Result.PROBLEMS.exitCode();
  }
}
