package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The operator's own rates: below AWS's by default, replaced per family by the operator flag. */
class AwsRateLimitsTest {

  @Test
  void theDefaultsStayBelowAwsPublishedLimits() {
    AwsRateLimits d = AwsRateLimits.defaults();
    // AWS's limits: GetFunction 100/s, the rest of Lambda 15/s, EC2 Describe 20/s (bucket
    // 100), security-group rule writes 5/s (bucket 50), EFS as the simulation enforces it 25/s.
    assertThat(d.of(ApiFamily.LAMBDA_GET_FUNCTION).perSecond()).isLessThan(100);
    assertThat(d.of(ApiFamily.LAMBDA_CONTROL).perSecond()).isLessThan(15);
    assertThat(d.of(ApiFamily.LAMBDA_CONTROL).burst()).isLessThan(15);
    assertThat(d.of(ApiFamily.EC2_DESCRIBE).perSecond()).isLessThan(20);
    assertThat(d.of(ApiFamily.EC2_DESCRIBE).burst()).isLessThan(100);
    assertThat(d.of(ApiFamily.EC2_SG_RULES).perSecond()).isLessThan(5);
    assertThat(d.of(ApiFamily.EC2_SG_RULES).burst()).isLessThan(50);
    assertThat(d.of(ApiFamily.EFS).perSecond()).isLessThan(25);
  }

  @Test
  void overridesReplaceTheNamedFamiliesOnly() {
    AwsRateLimits r = AwsRateLimits.defaults().with("lambda-control=5, ec2-describe=10/50");
    assertThat(r.of(ApiFamily.LAMBDA_CONTROL)).isEqualTo(new AwsRateLimits.Rate(5, 5));
    assertThat(r.of(ApiFamily.EC2_DESCRIBE)).isEqualTo(new AwsRateLimits.Rate(10, 50));
    assertThat(r.of(ApiFamily.EFS)).isEqualTo(AwsRateLimits.defaults().of(ApiFamily.EFS));
    assertThat(AwsRateLimits.defaults().with("")).isEqualTo(AwsRateLimits.defaults());
    assertThat(r.toString())
        .contains("lambda-control=5/s (burst 5)", "ec2-describe=10/s (burst 50)");
  }

  @Test
  void aBadEntryIsNamedWithWhatWouldBeRight() {
    assertThatThrownBy(() -> AwsRateLimits.defaults().with("lambda=3"))
        .hasMessageContaining("unknown API family 'lambda'")
        .hasMessageContaining("lambda-get-function, lambda-control");
    assertThatThrownBy(() -> AwsRateLimits.defaults().with("efs"))
        .hasMessageContaining("'efs' is not family=rate[/burst]");
    assertThatThrownBy(() -> AwsRateLimits.defaults().with("efs=fast"))
        .hasMessageContaining("'fast' for efs is not rate[/burst]");
    assertThatThrownBy(() -> AwsRateLimits.defaults().with("efs=-1"))
        .hasMessageContaining("above 0 per second");
  }
}
