package io.lambdaefs.operator.aws;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * STS refused or failed to hand out the credentials of a role the operator assumes for a resource.
 * Raised by {@link AssumedRoleCredentials} while the SDK signs a request, so it reaches the caller
 * of that request (possibly wrapped); {@link AwsError#classify} finds it in the cause chain.
 */
public final class AssumeRoleFailure extends SdkClientException {
  private final String roleArn;

  AssumeRoleFailure(String roleArn, RuntimeException cause) {
    super(
        SdkClientException.builder()
            .message("sts:AssumeRole on " + roleArn + " failed: " + cause.getMessage())
            .cause(cause));
    this.roleArn = roleArn;
  }

  public String roleArn() {
    return roleArn;
  }
}
