package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;

/**
 * Every call the operator's clients make passes the interceptors once, with its request and the
 * account and Region it counts against, whichever overload the caller used.
 */
class InterceptedClientsTest {

  @Test
  void everyOverloadIsSeenOnceWithItsRequest() throws Exception {
    SimulatedAws sim = SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
    List<ApiCall> before = new ArrayList<>();
    List<ApiCall> after = new ArrayList<>();
    AwsClients aws =
        new InterceptedClients(
                new SimClientFactory(sim),
                new CallInterceptor() {
                  @Override
                  public void before(ApiCall call) {
                    before.add(call);
                  }

                  @Override
                  public void after(ApiCall call, SdkResponse response, RuntimeException failure) {
                    after.add(call);
                  }
                })
            .forRegion(null);

    aws.lambda().getFunction(r -> r.functionName("file-processor")); // consumer builder
    aws.efs().describeFileSystems(); // no argument
    aws.efs().describeFileSystems(DescribeFileSystemsRequest.builder().build()); // the request

    assertThat(before)
        .extracting(ApiCall::operation)
        .containsExactly("GetFunction", "DescribeFileSystems", "DescribeFileSystems");
    assertThat(after).hasSize(3);
    assertThat(before.get(0).request())
        .isInstanceOfSatisfying(
            GetFunctionRequest.class,
            r -> assertThat(r.functionName()).isEqualTo("file-processor"));
    assertThat(before.get(1).request()).isInstanceOf(DescribeFileSystemsRequest.class);
    assertThat(before).allSatisfy(c -> assertThat(c.account()).isNull());
    assertThat(before.get(0).family()).isEqualTo(ApiFamily.LAMBDA_GET_FUNCTION);
    assertThat(sim.calls().total()).as("each call reached AWS once").isEqualTo(3);
  }

  @Test
  void aTargetsCallsCountAgainstTheAccountOfTheRoleItAssumes() {
    assertThat(InterceptedClients.accountOf(AwsTarget.region("eu-west-1"))).isNull();
    assertThat(
            InterceptedClients.accountOf(
                new AwsTarget(
                    "eu-west-1", "arn:aws:iam::210987654321:role/team-a", null, "LambdaEfsMount")))
        .isEqualTo("210987654321");
    ApiCall own = new ApiCall(null, "eu-west-1", "lambda", "TagResource", null);
    ApiCall tenant = new ApiCall("210987654321", "eu-west-1", "lambda", "TagResource", null);
    assertThat(RateBudget.scope(own, ApiFamily.LAMBDA_CONTROL))
        .isNotEqualTo(RateBudget.scope(tenant, ApiFamily.LAMBDA_CONTROL));
  }
}
