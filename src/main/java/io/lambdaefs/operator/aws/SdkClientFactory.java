package io.lambdaefs.operator.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Real AWS through the SDK's default credential chain (IRSA, EKS Pod Identity, environment). The
 * STANDARD retry strategy retries throttling a few times; when its token bucket is empty the error
 * reaches the reconciler, which backs off by requeueing.
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

  /**
   * The Region the SDK's default chain finds: AWS_REGION, the aws.region system property, the
   * profile (AWS_PROFILE, ~/.aws/config), EC2 instance metadata. Empty when none names one.
   */
  public static Optional<String> regionFromSdkChain() {
    try {
      return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion().id());
    } catch (SdkClientException e) {
      return Optional.empty();
    }
  }

  /** Where to get credentials, for the line that says none were found. */
  public static final String NO_CREDENTIALS =
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
          + " (aws configure, aws sso login), or run where a role is provided (IRSA, EKS Pod"
          + " Identity, an ECS task or EC2 instance role)";

  /** One line saying why no request could be signed; empty when the default chain finds some. */
  public Optional<String> missingCredentials() {
    try {
      credentials.resolveCredentials();
      return Optional.empty();
    } catch (SdkClientException e) {
      return Optional.of(NO_CREDENTIALS);
    }
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
