package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  private final Set<String> fileSystems = new LinkedHashSet<>();
  private final Set<String> functions = new LinkedHashSet<>();

  SimulatedAccount(Path world) throws IOException {
    this.world = world;
    this.sim = SimulatedAws.fromWorldFile(world);
    this.clients = new SimClientFactory(sim);
    // The operator creates no file system and no function: the world file names them all.
    JsonNode doc = Serialization.yamlMapper().readTree(Files.readString(world));
    doc.path("fileSystems").forEach(fs -> fileSystems.add(fs.path("id").asText()));
    doc.path("functions").forEach(fn -> functions.add(fn.path("name").asText()));
    log.info(
        "simulated AWS account {} in {} from {}: no request reaches AWS",
        sim.accountId(),
        sim.region(),
        world);
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
      owned = new AwsReport(sim, out).print(fileSystems, functions);
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
