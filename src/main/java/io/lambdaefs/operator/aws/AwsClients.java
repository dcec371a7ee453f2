package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The SDK clients for one account and Region; real AWS or the simulated one.
 *
 * @param account the account of the role these clients assume, when the operator's clients know it
 *     ({@link InterceptedClients}); null for the operator's own account, or not known
 */
public record AwsClients(
    String region,
    LambdaClient lambda,
    EfsClient efs,
    Ec2Client ec2,
    IamClient iam,
    String account) {

  public AwsClients(
      String region, LambdaClient lambda, EfsClient efs, Ec2Client ec2, IamClient iam) {
    this(region, lambda, efs, ec2, iam, null);
  }

  /** The account and Region, as a key of what is kept per account and Region. */
  public String scope() {
    return account == null ? region : account + "/" + region;
  }

  /** Closes the four clients (an HTTP client they were given is not theirs to close). */
  public void close() {
    lambda.close();
    efs.close();
    ec2.close();
    iam.close();
  }
}
