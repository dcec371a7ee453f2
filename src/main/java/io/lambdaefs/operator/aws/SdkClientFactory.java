package io.lambdaefs.operator.aws;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Real AWS through the SDK's default credential chain (IRSA, EKS Pod Identity, environment). The
 * STANDARD retry strategy retries throttling a few times; when its token bucket is empty the error
 * reaches the reconciler, which backs off by requeueing (AWS-SEMANTICS.md, SDK section).
 */
public final class SdkClientFactory implements AwsClientFactory {
  private final String defaultRegion;
  private final URI endpoint;
  private final DefaultCredentialsProvider credentials =
      DefaultCredentialsProvider.builder().build();
  private final Map<String, AwsClients> byRegion = new ConcurrentHashMap<>();

  public SdkClientFactory(String defaultRegion, URI endpoint) {
    this.defaultRegion = defaultRegion;
    this.endpoint = endpoint;
  }

  @Override
  public String defaultRegion() {
    return defaultRegion;
  }

  @Override
  public AwsClients forRegion(String region) {
    String r = region == null || region.isBlank() ? defaultRegion : region;
    return byRegion.computeIfAbsent(r, this::build);
  }

  private AwsClients build(String region) {
    ClientOverrideConfiguration override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "lambda-efs-operator")
            .build();
    Region sdkRegion = Region.of(region);
    var lambda =
        LambdaClient.builder()
            .region(sdkRegion)
            .credentialsProvider(credentials)
            .overrideConfiguration(override);
    var efs =
        EfsClient.builder()
            .region(sdkRegion)
            .credentialsProvider(credentials)
            .overrideConfiguration(override);
    var ec2 =
        Ec2Client.builder()
            .region(sdkRegion)
            .credentialsProvider(credentials)
            .overrideConfiguration(override);
    // IAM is global per partition: aws-global, aws-cn-global, aws-us-gov-global.
    var iam =
        IamClient.builder()
            .region(Partition.ofRegion(region).globalRegion())
            .credentialsProvider(credentials)
            .overrideConfiguration(override);
    if (endpoint != null) {
      lambda.endpointOverride(endpoint);
      efs.endpointOverride(endpoint);
      ec2.endpointOverride(endpoint);
      iam.endpointOverride(endpoint);
    }
    return new AwsClients(region, lambda.build(), efs.build(), ec2.build(), iam.build());
  }

  @Override
  public void close() {
    byRegion
        .values()
        .forEach(
            c -> {
              c.lambda().close();
              c.efs().close();
              c.ec2().close();
              c.iam().close();
            });
  }
}
