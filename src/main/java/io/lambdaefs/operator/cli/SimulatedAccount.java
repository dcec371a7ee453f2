package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --simulated-aws WORLD.yaml}: the operator's AWS is a simulated account seeded from a
 * world file, so that the whole flow can be tried on any cluster without an AWS account. When the
 * operator stops, it logs what the account still holds that the operator owns (after every resource
 * was deleted with deletionPolicy Delete: nothing).
 */
final class SimulatedAccount implements AwsClientFactory {
  private static final Logger log = LoggerFactory.getLogger(SimulatedAccount.class);

  private final Path world;
  private final SimulatedAws sim;
  private final SimClientFactory clients;

  /**
   * @param singleTenant the operator runs without namespace tags: the account enforces the
   *     single-tenant policy, unless the world file gives the caller a policy of its own
   */
  SimulatedAccount(Path world, boolean singleTenant) throws IOException {
    this.world = world;
    SimulatedAws loaded = SimulatedAws.fromWorldFile(world);
    this.sim = singleTenant ? loaded.withSingleTenantPolicy() : loaded;
    this.clients = new SimClientFactory(sim);
    log.info(
        "simulated AWS account {} in {} from {}{}: no request reaches AWS",
        sim.accountId(),
        sim.region(),
        world,
        sim.cells().size() == 1
            ? ""
            : " (and " + (sim.cells().size() - 1) + " more accounts or Regions)");
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    return clients.clients(target);
  }

  @Override
  public String defaultRegion() {
    return clients.defaultRegion();
  }

  @Override
  public void close() {
    clients.close();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    List<String> owned;
    try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
      // The operator creates no file system and no function: the world file names them all.
      owned = new ArrayList<>();
      for (SimulatedAws cell : sim.cells()) {
        if (sim.cells().size() > 1) {
          out.printf("  account %s, %s:%n", cell.accountId(), cell.region());
        }
        owned.addAll(
            new AwsReport(cell, out)
                .print(
                    new LinkedHashSet<>(cell.inspect().fileSystemIds()),
                    new LinkedHashSet<>(cell.inspect().functionNames())));
      }
    }
    log.info(
        "simulated AWS ({}) at exit: {}\n{}",
        world,
        owned.isEmpty()
            ? "nothing is owned by the operator"
            : "still owned by the operator: " + String.join(", ", owned),
        report.toString(StandardCharsets.UTF_8).stripTrailing());
  }
}
