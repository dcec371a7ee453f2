package io.lambdaefs.operator.aws;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real AWS through the SDK's default credential chain (IRSA, EKS Pod Identity, environment), or
 * through a role a resource names, assumed with those credentials. The STANDARD retry strategy
 * retries throttling a few times; when its token bucket is empty the error reaches the reconciler,
 * which backs off by requeueing. Every client shares one HTTP client, so that the clients of many
 * role sessions cost little.
 */
public final class SdkClientFactory implements AwsClientFactory {
  private final URI endpoint;
  private final DefaultCredentialsProvider credentials =
      DefaultCredentialsProvider.builder().build();
  private final SdkHttpClient http = ApacheHttpClient.builder().build();
  private final Map<String, StsClient> sts = new ConcurrentHashMap<>();
  private final ClientCache cache;

  public SdkClientFactory(String defaultRegion, URI endpoint) {
    this.endpoint = endpoint;
    Clock clock = Clock.systemUTC();
    this.cache =
        new ClientCache(
            defaultRegion,
            this::build,
            region -> sts.computeIfAbsent(region, this::sts),
            clock::instant,
            ClientCache.MAX_ENTRIES);
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
    return cache.defaultRegion();
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    return cache.get(target);
  }

  private AwsClients build(String region, AwsCredentialsProvider assumed) {
    AwsCredentialsProvider signer = assumed == null ? credentials : assumed;
    Region sdkRegion = Region.of(region);
    return new AwsClients(
        region,
        configure(LambdaClient.builder(), sdkRegion, signer).build(),
        configure(EfsClient.builder(), sdkRegion, signer).build(),
        configure(Ec2Client.builder(), sdkRegion, signer).build(),
        // IAM is global per partition: aws-global, aws-cn-global, aws-us-gov-global.
        configure(IamClient.builder(), Partition.ofRegion(region).globalRegion(), signer).build());
  }

  /** The operator's own STS in a Region (regional endpoints, as AWS recommends). */
  private StsClient sts(String region) {
    return configure(StsClient.builder(), Region.of(region), credentials).build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, Region region, AwsCredentialsProvider signer) {
    ClientOverrideConfiguration override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy())
            .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "lambda-efs-operator")
            .build();
    builder
        .region(region)
        .credentialsProvider(signer)
        .overrideConfiguration(override)
        .httpClient(http);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  @Override
  public void close() {
    cache.close();
    sts.values().forEach(StsClient::close);
    http.close();
  }
}
