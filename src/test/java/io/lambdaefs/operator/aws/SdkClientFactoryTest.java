package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The real SDK clients: IAM is reached in the partition of the resource's Region. */
class SdkClientFactoryTest {

  @Test
  void iamIsTheGlobalEndpointOfTheRegionsPartition() {
    try (SdkClientFactory factory = new SdkClientFactory("us-east-1", null)) {
      assertThat(factory.forRegion("us-east-1").iam().serviceClientConfiguration().region())
          .isEqualTo(Region.AWS_GLOBAL);
      assertThat(factory.forRegion("cn-north-1").iam().serviceClientConfiguration().region())
          .isEqualTo(Region.AWS_CN_GLOBAL);
      assertThat(factory.forRegion("us-gov-west-1").iam().serviceClientConfiguration().region())
          .isEqualTo(Region.AWS_US_GOV_GLOBAL);
      assertThat(factory.forRegion("cn-north-1").lambda().serviceClientConfiguration().region())
          .isEqualTo(Region.CN_NORTH_1);
    }
  }

  @Test
  void arnsAreBuiltInThePartitionOfTheRegion() {
    assertThat(Partition.ofRegion("us-east-1").id()).isEqualTo("aws");
    assertThat(Partition.ofRegion("cn-northwest-1").id()).isEqualTo("aws-cn");
    assertThat(Partition.ofRegion("us-gov-east-1").id()).isEqualTo("aws-us-gov");
    assertThat(
            Partition.ofRegion("cn-north-1").arn("ec2", "cn-north-1", "123456789012", "subnet/s"))
        .isEqualTo("arn:aws-cn:ec2:cn-north-1:123456789012:subnet/s");
  }
}
