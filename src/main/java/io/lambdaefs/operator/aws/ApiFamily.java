package io.lambdaefs.operator.aws;

/**
 * The groups of AWS API calls that share one rate limit per account and Region: the unit the
 * operator's own {@link RateBudget} paces.
 */
public enum ApiFamily {
  /** Lambda GetFunction: 100 requests/s of its own. */
  LAMBDA_GET_FUNCTION,
  /** Every other Lambda control-plane call, reads and updates together: 15 requests/s. */
  LAMBDA_CONTROL,
  /** EC2 Describe*: bucket 100, refill 20/s. */
  EC2_DESCRIBE,
  /** EC2 Authorize/Revoke security group rules: bucket 50, refill 5/s. */
  EC2_SG_RULES,
  /** Other EC2 mutating calls (CreateTags on a rule): AWS's mutating bucket, refill 5/s. */
  EC2_OTHER,
  /** Every EFS call: no published rate, and throttling is real. */
  EFS,
  /** IAM (global per partition): no published rate. */
  IAM,
  /** STS AssumeRole. */
  STS;

  /**
   * @param service the client's service as the metrics name it: lambda, efs, ec2, iam, sts
   * @param operation the API operation, e.g. GetFunction
   */
  public static ApiFamily of(String service, String operation) {
    return switch (service) {
      case "lambda" -> operation.equals("GetFunction") ? LAMBDA_GET_FUNCTION : LAMBDA_CONTROL;
      case "ec2" -> {
        if (operation.startsWith("Describe")) {
          yield EC2_DESCRIBE;
        }
        if (operation.startsWith("AuthorizeSecurityGroup")
            || operation.startsWith("RevokeSecurityGroup")) {
          yield EC2_SG_RULES;
        }
        yield EC2_OTHER;
      }
      case "efs" -> EFS;
      case "iam" -> IAM;
      case "sts" -> STS;
      default -> throw new IllegalArgumentException("unknown AWS service " + service);
    };
  }
}
