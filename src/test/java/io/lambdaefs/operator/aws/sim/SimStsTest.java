package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS AssumeRole against the simulated roles, as IAM decides it: the role's trust policy and the
 * external id it asks for, and, across accounts, the caller's own permission; credentials that
 * expire.
 */
class SimStsTest {
  static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/lambda-efs-tenant";
  static final String OTHER_ROLE = "arn:aws:iam::222222222222:role/lambda-efs-other";
  static final String OPERATOR_SESSION =
      "arn:aws:sts::111111111111:assumed-role/lambda-efs-operator/lambda-efs-operator";

  static final Path TENANTS = Path.of("src/test/resources/worlds/tenants.yaml");

  private final MutableClock clock = new MutableClock();
  private SimulatedAws aws;

  @BeforeEach
  void setUp() throws IOException {
    aws = SimulatedAws.fromWorldFile(TENANTS).withClock(clock);
    aws.console().setCallerPolicy(ShippedPolicy.withAssumeRole(TENANT_ROLE, OTHER_ROLE));
  }

  private AssumeRoleResponse assume(String role, String externalId) {
    return aws.sts()
        .assumeRole(r -> r.roleArn(role).roleSessionName("data@team-a").externalId(externalId));
  }

  @Test
  void aRoleThatTrustsTheOperatorWithTheExternalIdIsAssumed() {
    AssumeRoleResponse r = assume(TENANT_ROLE, "cluster-1");
    assertThat(r.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/data@team-a");
    assertThat(r.credentials().expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
  }

  @Test
  void aWrongOrMissingExternalIdIsRefusedLikeAnyOtherRefusal() {
    for (String externalId : new String[] {"cluster-2", null}) {
      StsException e =
          awsError(
              StsException.class,
              "AccessDenied",
              403,
              "STS",
              () -> assume(TENANT_ROLE, externalId));
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo(
              "User: "
                  + OPERATOR_SESSION
                  + " is not authorized to perform: sts:AssumeRole on resource: "
                  + TENANT_ROLE);
    }
  }

  @Test
  void aRoleWhoseTrustPolicyDoesNotNameTheOperatorIsRefused() {
    awsError(StsException.class, "AccessDenied", 403, "STS", () -> assume(OTHER_ROLE, "cluster-1"));
  }

  @Test
  void anUnknownRoleOrAccountIsRefusedWithoutSayingItDoesNotExist() {
    for (String role :
        new String[] {
          "arn:aws:iam::222222222222:role/nope", "arn:aws:iam::333333333333:role/lambda-efs-tenant"
        }) {
      aws.console().setCallerPolicy(ShippedPolicy.withAssumeRole(role));
      awsError(StsException.class, "AccessDenied", 403, "STS", () -> assume(role, "cluster-1"));
    }
  }

  @Test
  void acrossAccountsTheOperatorsOwnPolicyMustAllowTheRoleToo() {
    aws.console().setCallerPolicy(ShippedPolicy.document());
    awsError(
        StsException.class, "AccessDenied", 403, "STS", () -> assume(TENANT_ROLE, "cluster-1"));
  }

  @Test
  void theSessionNameFollowsStsRules() {
    for (String name : new String[] {"team-a/data", "x".repeat(65), "x"}) {
      StsException e =
          awsError(
              StsException.class,
              "ValidationError",
              400,
              "STS",
              () ->
                  aws.sts()
                      .assumeRole(
                          r ->
                              r.roleArn(TENANT_ROLE)
                                  .roleSessionName(name)
                                  .externalId("cluster-1")));
      assertThat(e.awsErrorDetails().errorMessage()).contains("roleSessionName");
    }
  }

  @Test
  void theSessionCallsItsOwnAccountAsTheRoleAndItsCredentialsExpire() {
    Credentials c = assume(TENANT_ROLE, "cluster-1").credentials();
    AwsCredentialsProvider provider =
        () -> AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
    SimulatedAws tenant = aws.as(provider, "222222222222", "us-west-2");
    assertThat(tenant.sts().getCallerIdentity(r -> {}).arn())
        .isEqualTo("arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/data@team-a");
    assertThat(
            tenant
                .lambda()
                .getFunction(r -> r.functionName("tenant-processor"))
                .configuration()
                .functionArn())
        .isEqualTo("arn:aws:lambda:us-west-2:222222222222:function:tenant-processor");

    clock.advance(Duration.ofHours(1));
    awsError(
        LambdaException.class,
        "ExpiredTokenException",
        403,
        "Lambda",
        () -> tenant.lambda().getFunction(r -> r.functionName("tenant-processor")));
  }

  @Test
  void theOperatorsOwnRoleSeesNothingInAnotherAccount() {
    awsError(
        LambdaException.class,
        "AccessDeniedException",
        403,
        "Lambda",
        () ->
            aws.in("222222222222", "us-west-2")
                .lambda()
                .getFunction(r -> r.functionName("tenant-processor")));
  }
}
