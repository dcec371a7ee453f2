package io.lambdaefs.operator.aws;

import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS partition a Region belongs to ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...). IAM
 * and STS are global per partition, and every ARN starts with {@code arn:<partition>:}; an ARN of
 * another partition never matches.
 */
public record Partition(String id) {

  /** The partition of a Region; unknown Regions belong to {@code aws}, as the SDK decides. */
  public static Partition ofRegion(String region) {
    return new Partition(PartitionMetadata.of(Region.of(region)).id());
  }

  /** The signing Region of the partition's global services (IAM): aws-global, aws-cn-global. */
  public Region globalRegion() {
    return Region.of(id + "-global");
  }

  /**
   * An ARN of this partition, e.g. {@code arn("ec2", "us-east-1", "123...", "subnet/subnet-1")}.
   */
  public String arn(String service, String region, String account, String resource) {
    return "arn:" + id + ":" + service + ":" + region + ":" + account + ":" + resource;
  }
}
