package io.lambdaefs.operator.aws;

/**
 * Hands out the clients for a Region and, optionally, a role to assume there; the one place that
 * decides which AWS the operator talks to.
 */
public interface AwsClientFactory extends AutoCloseable {

  /** The clients for a resource's target: its Region, as the operator or as the role it names. */
  AwsClients clients(AwsTarget target);

  /**
   * @param region a Region from the spec, or null for the operator's default Region
   */
  default AwsClients forRegion(String region) {
    return clients(AwsTarget.region(region));
  }

  String defaultRegion();

  @Override
  default void close() {}
}
