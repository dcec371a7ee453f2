package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The SDK clients for one account and Region; real AWS or the simulated one. */
public record AwsClients(
    String region, LambdaClient lambda, EfsClient efs, Ec2Client ec2, IamClient iam) {

  /** Closes the four clients (an HTTP client they were given is not theirs to close). */
  public void close() {
    lambda.close();
    efs.close();
    ec2.close();
    iam.close();
  }
}
