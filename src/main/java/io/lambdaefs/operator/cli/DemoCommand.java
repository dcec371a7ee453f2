package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.aws.sim.WorldException;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.status.Conditions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The embedded default: an in-process Kubernetes API and a simulated AWS account seeded from
 * examples/world.yaml. Applies the example resources, shows them converge, makes an out-of-band
 * change and shows it reported and corrected, deletes them and shows what is left in AWS.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against an in-process Kubernetes API and a simulated AWS account (no cluster, no AWS account).")
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--examples",
      description =
          "Directory with world.yaml and LambdaEfsMount files "
              + "(default: ./examples, else the copy inside the jar).")
  String examplesDir;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Give up on a step after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--verbose", description = "Show the operator's own log lines.")
  boolean verbose;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    System.setProperty("LOG_LEVEL", verbose ? "info" : "warn");
    Examples examples;
    SimulatedAws sim;
    try {
      examples = Examples.load(examplesDir);
      sim = SimulatedAws.fromWorldYaml(examples.world(), examples.worldName());
    } catch (IOException | IllegalStateException | WorldException e) {
      System.err.println("demo: cannot load the examples: " + e.getMessage());
      return 1;
    }
    out.printf(
        "Simulated AWS account %s in %s, seeded from %s%n",
        sim.accountId(), sim.region(), examples.worldName());

    OperatorSettings settings = OperatorSettings.defaults().withPollInterval(Duration.ofSeconds(2));
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes();
        OperatorRuntime operator =
            new OperatorRuntime(
                    kubernetes.client(), new SimClientFactory(sim), settings, Clock.systemUTC())
                .start()) {
      KubernetesClient client = kubernetes.client();
      List<LambdaEfsMount> applied = new ArrayList<>();
      for (String document : examples.resources()) {
        LambdaEfsMount resource =
            client.getKubernetesSerialization().unmarshal(document, LambdaEfsMount.class);
        applied.add(client.resource(resource).create());
        out.printf(
            "applied LambdaEfsMount %s/%s (function %s, file system %s, mount path %s)%n",
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            resource.getSpec().getFunctionName(),
            resource.getSpec().getFileSystemId(),
            resource.getSpec().getMountPath());
      }
      ConditionPrinter printer = new ConditionPrinter(client, applied, out);

      section("Converging");
      if (!printer.until(
          timeout,
          () ->
              printer.all(
                  r ->
                      Conditions.isTrue(conditions(r), Conditions.READY)
                          && r.getStatus()
                              .getObservedGeneration()
                              .equals(r.getMetadata().getGeneration())))) {
        return fail("not every resource became Ready within " + timeout + ": " + printer.summary());
      }
      new AwsReport(sim, out).print(applied);

      LambdaEfsMount first = applied.get(0);
      section(
          "Out-of-band change: someone detaches the file system from "
              + first.getSpec().getFunctionName()
              + " in the AWS console");
      sim.console().setFunctionFileSystemConfigs(first.getSpec().getFunctionName(), List.of());
      boolean[] driftSeen = {false};
      boolean corrected =
          printer.until(
              timeout,
              () -> {
                LambdaEfsMount r = printer.current(first);
                driftSeen[0] |= r != null && Conditions.isTrue(conditions(r), Conditions.DRIFTED);
                return driftSeen[0]
                    && r != null
                    && Conditions.isTrue(conditions(r), Conditions.READY);
              });
      if (!corrected) {
        return fail(
            driftSeen[0]
                ? "the drift was reported but not corrected within " + timeout
                : "the drift was not reported within " + timeout);
      }

      section("Deleting the resources");
      applied.forEach(r -> client.resource(r).delete());
      if (!printer.until(
          timeout, () -> applied.stream().allMatch(r -> printer.current(r) == null))) {
        return fail(
            "the resources were not deleted within " + timeout + " (finalizer still present)");
      }
      section("AWS after cleanup");
      List<String> leftovers = new AwsReport(sim, out).print(applied);
      if (!leftovers.isEmpty()) {
        return fail("the cleanup left objects owned by the operator: " + leftovers);
      }
      out.println();
      out.println(
          "Demo passed: every resource became Ready, the drift was corrected, and the cleanup left nothing owned.");
      return 0;
    }
  }

  private static List<Condition> conditions(LambdaEfsMount r) {
    return r.getStatus() == null ? List.of() : r.getStatus().getConditions();
  }

  private void section(String title) {
    out.println();
    out.println("== " + title);
  }

  private int fail(String why) {
    out.println();
    out.println("Demo FAILED: " + why);
    return 1;
  }

  /** Waits without a busy loop; the printer polls the API server every 200 ms while waiting. */
  interface Wait {
    boolean until(Duration timeout, BooleanSupplier done) throws InterruptedException;
  }
}
