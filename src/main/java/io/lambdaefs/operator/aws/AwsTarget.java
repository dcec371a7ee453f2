package io.lambdaefs.operator.aws;

/**
 * Where one resource's AWS calls go: a Region (null: the operator's default), and optionally a role
 * the operator assumes there (another account, or a narrower role of its own), with the external id
 * the role's trust policy asks for and a session name that names the resource in CloudTrail.
 */
public record AwsTarget(String region, String roleArn, String externalId, String sessionName) {

  /** The operator's own identity in a Region. */
  public static AwsTarget region(String region) {
    return new AwsTarget(region, null, null, null);
  }

  public boolean assumesRole() {
    return roleArn != null && !roleArn.isBlank();
  }
}
