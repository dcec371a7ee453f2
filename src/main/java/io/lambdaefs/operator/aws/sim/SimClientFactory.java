package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;

/**
 * Hands out the simulated account's clients. The simulated account has one Region; a resource that
 * names another Region sees an empty account there (nothing found), as it would in real AWS.
 */
public final class SimClientFactory implements AwsClientFactory {
  private final SimulatedAws sim;
  private final AwsClients clients;
  private final AwsClients elsewhere;

  public SimClientFactory(SimulatedAws sim) {
    this.sim = sim;
    this.clients = new AwsClients(sim.region(), sim.lambda(), sim.efs(), sim.ec2(), sim.iam());
    SimulatedAws empty =
        SimulatedAws.fromWorldYaml(
            "account: \"" + sim.accountId() + "\"\nregion: other-region-1\n", "empty region");
    this.elsewhere = new AwsClients("other", empty.lambda(), empty.efs(), empty.ec2(), empty.iam());
  }

  @Override
  public AwsClients forRegion(String region) {
    return region == null || region.isBlank() || region.equals(sim.region()) ? clients : elsewhere;
  }

  @Override
  public String defaultRegion() {
    return sim.region();
  }
}
