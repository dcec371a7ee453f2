package io.lambdaefs.operator.aws;

/**
 * Hands out the clients for a Region; the one place that decides which AWS the operator talks to.
 */
public interface AwsClientFactory extends AutoCloseable {

  /**
   * @param region a Region from the spec, or null for the operator's default Region
   */
  AwsClients forRegion(String region);

  String defaultRegion();

  @Override
  default void close() {}
}
