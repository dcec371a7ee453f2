package io.lambdaefs.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** One jar, several commands; {@code run} is what the container runs. */
@Command(
    name = "lambda-efs-operator",
    mixinStandardHelpOptions = true,
    version = "lambda-efs-operator 0.1.0",
    description =
        "Mounts Amazon EFS file systems into AWS Lambda functions, declared as LambdaEfsMount resources.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      PlanCommand.class,
      DiagnoseCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    String[] effective = args.length == 0 ? new String[] {"run"} : args;
    int code =
        new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(effective);
    System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
