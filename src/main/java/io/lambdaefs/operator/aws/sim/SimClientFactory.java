package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.AssumedRoleCredentials;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.ClientCache;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Hands out the simulated AWS's clients through the same {@link ClientCache} real AWS uses: the
 * operator's own account in any Region (one the world file did not declare is empty, as a Region
 * without resources is), and the account of a role a resource names, with the credentials STS
 * AssumeRole gave, renewed before they expire on the simulation's clock.
 */
public final class SimClientFactory implements AwsClientFactory {
  private final SimulatedAws sim;
  private final ClientCache cache;

  public SimClientFactory(SimulatedAws sim) {
    this(sim, ClientCache.MAX_ENTRIES);
  }

  /** With another bound on the cached client sets (tests of the eviction). */
  public SimClientFactory(SimulatedAws sim, int maxEntries) {
    this.sim = sim;
    this.cache =
        new ClientCache(
            sim.region(),
            this::build,
            region -> sim.in(sim.homeAccountId(), region).sts(),
            () -> sim.clock().instant(),
            maxEntries);
  }

  private AwsClients build(String region, AwsCredentialsProvider credentials) {
    SimulatedAws view;
    if (credentials == null) {
      view = sim.in(sim.homeAccountId(), region);
    } else {
      String roleArn = ((AssumedRoleCredentials) credentials).roleArn();
      view = sim.as(credentials, roleArn.split(":")[4], region);
    }
    return new AwsClients(region, view.lambda(), view.efs(), view.ec2(), view.iam());
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    return cache.get(target);
  }

  @Override
  public String defaultRegion() {
    return sim.region();
  }

  /** How many client sets are cached (tests of the bound). */
  public int cachedClientSets() {
    return cache.size();
  }

  @Override
  public void close() {
    cache.close();
  }
}
