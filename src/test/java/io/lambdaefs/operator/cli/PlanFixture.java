package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.validate.CrdValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Plans against simulated worlds, and the plan command as Main registers it, for the plan tests.
 */
final class PlanFixture {
  private PlanFixture() {}

  static final CrdValidator VALIDATOR = CrdValidator.fromClasspath();
  static final Path WORLDS = Path.of("src/test/resources/worlds");
  static final String EXAMPLE = read(Path.of("examples/lambdaefsmount.yaml"));

  /**
   * The example adopting the hand-made access point of examples/world.yaml instead of creating one.
   */
  static final String ADOPTING =
      """
      apiVersion: lambdaefs.io/v1alpha1
      kind: LambdaEfsMount
      metadata:
        name: file-processor-shared
      spec:
        functionName: file-processor
        fileSystemId: fs-0abc123def456789
        mountPath: /mnt/shared
        accessPoint:
          existingId: fsap-0123456789abcdef0
        iam:
          mode: Verify
      """;

  record Run(SimulatedAws sim, List<DocumentPlan> plans) {
    DocumentPlan only() {
      assertThat(plans).hasSize(1);
      return plans.get(0);
    }

    List<String> reasons() {
      return only().plan().problems().stream()
          .filter(p -> p.severity() == Problem.Severity.BLOCKING)
          .map(Problem::reason)
          .toList();
    }

    String messages() {
      return String.join("\n", only().plan().problems().stream().map(Problem::message).toList());
    }
  }

  /** Plans {@code yaml} against a fresh world; whatever the outcome, AWS was only read. */
  static Run plan(String world, String yaml) {
    return plan(world, yaml, sim -> {});
  }

  static Run plan(String world, String yaml, Consumer<SimulatedAws> before) {
    SimulatedAws sim;
    try {
      sim = SimulatedAws.fromWorldFile(WORLDS.resolve(world));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    before.accept(sim);
    List<DocumentPlan> plans =
        new PlanRunner(new SimClientFactory(sim), VALIDATOR, Clock.systemUTC())
            .plan(yaml, "mount.yaml");
    assertThat(sim.calls().writes()).as("AWS writes by plan: %s", sim.calls()).isZero();
    return new Run(sim, plans);
  }

  /** Plans {@code yaml} against a world given as text; AWS is only read. */
  static Run planIn(String worldYaml, String yaml) {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(worldYaml, "world.yaml");
    List<DocumentPlan> plans =
        new PlanRunner(new SimClientFactory(sim), VALIDATOR, Clock.systemUTC())
            .plan(yaml, "mount.yaml");
    assertThat(sim.calls().writes()).as("AWS writes by plan: %s", sim.calls()).isZero();
    return new Run(sim, plans);
  }

  static String world(String name) {
    return read(WORLDS.resolve(name));
  }

  record Cli(int exit, String out, String err) {}

  /** Runs {@code plan ARGS} as Main registers it, with this test's output streams. */
  static Cli run(String... args) {
    assertThat(args[0]).isEqualTo("plan");
    return execute(PlanCommand::new, args);
  }

  /**
   * Runs {@code NAME ARGS}, a subcommand Main registers, built by {@code command} with this test's
   * output streams.
   */
  static Cli execute(BiFunction<PrintStream, PrintStream, Object> command, String... args) {
    assertThat(new CommandLine(new Main()).getSubcommands()).containsKey(args[0]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cli =
        new CommandLine(command.apply(o, e))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(o, true))
            .setErr(new PrintWriter(e, true));
    int exit = cli.execute(Arrays.copyOfRange(args, 1, args.length));
    return new Cli(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
