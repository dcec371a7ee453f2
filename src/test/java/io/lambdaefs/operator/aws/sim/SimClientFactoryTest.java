package io.lambdaefs.operator.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lambdaefs.operator.aws.AssumedRoleCredentials;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.AwsTarget;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's clients as the reconciler gets them (one ClientCache for real and simulated AWS):
 * per Region, partition and role, with the role's session renewed before its credentials expire.
 */
class SimClientFactoryTest {
  static final String TENANT_ROLE = SimStsTest.TENANT_ROLE;

  private final MutableClock clock = new MutableClock();
  private SimulatedAws aws;
  private SimClientFactory factory;

  @BeforeEach
  void setUp() throws IOException {
    aws = SimulatedAws.fromWorldFile(SimStsTest.TENANTS).withClock(clock);
    aws.console().setCallerPolicy(ShippedPolicy.withAssumeRole(TENANT_ROLE));
    factory = new SimClientFactory(aws);
  }

  private static AwsTarget tenant(String session) {
    return new AwsTarget("us-west-2", TENANT_ROLE, "cluster-1", session);
  }

  private static String arnOf(AwsClients c, String function) {
    return c.lambda().getFunction(r -> r.functionName(function)).configuration().functionArn();
  }

  @Test
  void clientsArePerRegionRoleAndSessionAndReusedForTheSameTarget() {
    AwsClients home = factory.forRegion(null);
    assertThat(factory.forRegion("us-east-1")).isSameAs(home);
    assertThat(factory.forRegion("eu-west-1")).isNotSameAs(home);
    AwsClients a = factory.clients(tenant("a@team-a"));
    assertThat(factory.clients(tenant("a@team-a"))).isSameAs(a);
    assertThat(factory.clients(tenant("b@team-a"))).isNotSameAs(a);
    assertThat(factory.cachedClientSets()).isEqualTo(4);

    assertThat(arnOf(home, "file-processor"))
        .isEqualTo("arn:aws:lambda:us-east-1:111111111111:function:file-processor");
    assertThat(arnOf(factory.forRegion("eu-west-1"), "eu-processor"))
        .isEqualTo("arn:aws:lambda:eu-west-1:111111111111:function:eu-processor");
    assertThat(arnOf(a, "tenant-processor"))
        .isEqualTo("arn:aws:lambda:us-west-2:222222222222:function:tenant-processor");
    assertThat(aws.calls().count("STS:AssumeRole")).as("one session per client set").isEqualTo(1);
  }

  @Test
  void aSessionIsRenewedBeforeItsCredentialsExpireAndNoCallSeesThemExpired() {
    AwsClients a = factory.clients(tenant("a@team-a"));
    arnOf(a, "tenant-processor");
    Duration renewAt =
        AssumedRoleCredentials.SESSION_DURATION.minus(AssumedRoleCredentials.REFRESH_BEFORE);
    clock.advance(renewAt.minusSeconds(1));
    arnOf(a, "tenant-processor");
    assertThat(aws.calls().count("STS:AssumeRole")).as("still fresh").isEqualTo(1);

    clock.advance(Duration.ofSeconds(2));
    arnOf(a, "tenant-processor");
    assertThat(aws.calls().count("STS:AssumeRole")).as("renewed ahead of expiry").isEqualTo(2);

    // Past what the first session would have lasted: the renewed one still works.
    clock.advance(AssumedRoleCredentials.REFRESH_BEFORE.plusMinutes(1));
    arnOf(a, "tenant-processor");
    assertThat(aws.calls().count("STS:AssumeRole")).isEqualTo(2);
    assertThat(aws.inspect().roleSessions())
        .containsExactly(
            "arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/a@team-a",
            "arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/a@team-a");
  }

  @Test
  void aRefusedAssumeRoleReachesTheCallerAsAssumeRoleDenied() {
    AwsClients wrong =
        factory.clients(new AwsTarget("us-west-2", TENANT_ROLE, "cluster-2", "a@team-a"));
    AwsError e =
        AwsError.classify(
            catchThrowable(() -> wrong.lambda().getFunction(r -> r.functionName("x"))));
    assertThat(e.kind()).isEqualTo(AwsError.Kind.ACCESS_DENIED);
    assertThat(e.code()).isEqualTo(AwsError.ASSUME_ROLE_DENIED);
    assertThat(e.message())
        .contains("is not authorized to perform: sts:AssumeRole on resource: " + TENANT_ROLE);
    assertThat(aws.calls().count("Lambda:GetFunction")).as("no request left unsigned").isZero();
  }

  @Test
  void theCacheIsBoundedAndDropsTheLeastRecentlyUsedSet() {
    SimClientFactory small = new SimClientFactory(aws, 2);
    AwsClients a = small.clients(tenant("a@team-a"));
    AwsClients b = small.clients(tenant("b@team-a"));
    assertThat(small.clients(tenant("a@team-a"))).isSameAs(a);
    small.clients(tenant("c@team-a"));
    assertThat(small.cachedClientSets()).isEqualTo(2);
    assertThat(small.clients(tenant("a@team-a"))).as("recently used: kept").isSameAs(a);
    assertThat(small.clients(tenant("b@team-a"))).as("dropped, built again").isNotSameAs(b);
  }
}
