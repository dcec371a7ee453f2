package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;

/**
 * Lambda's 412 (someone changed the function since it was read) and 409 (an update is in progress)
 * are waited out and retried; they never stall the mount or create anything twice.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class LambdaBusyOperatorTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void staleRevisionIsRetriedWithTheNewRevision() {
    // Someone else changes the function (a new RevisionId) just before the operator's update
    // arrives.
    harness
        .sim()
        .faults()
        .failNext(
            "Lambda:UpdateFunctionConfiguration",
            1,
            () -> {
              var vpc = harness.sim().inspect().function(FUNCTION).vpcConfig();
              harness
                  .sim()
                  .console()
                  .setFunctionVpcConfig(FUNCTION, vpc.subnetIds(), vpc.securityGroupIds());
              return lambdaError(
                  PreconditionFailedException.builder(), "PreconditionFailedException", 412);
            });

    assertReadyAfterOneRetry();
  }

  @Test
  void updateInProgressIsRetriedLater() {
    harness
        .sim()
        .faults()
        .failNext(
            "Lambda:UpdateFunctionConfiguration",
            1,
            () ->
                lambdaError(ResourceConflictException.builder(), "ResourceConflictException", 409));

    assertReadyAfterOneRetry();
  }

  private void assertReadyAfterOneRetry() {
    harness.create(ExampleMounts.creating("data"));
    LambdaEfsMount ready = harness.awaitReady("data");
    String uid = ready.getMetadata().getUid();

    assertThat(harness.sim().calls().count("Lambda:UpdateFunctionConfiguration")).isEqualTo(2);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointArn());
    assertThat(OperatorHarness.condition(ready, Conditions.STALLED))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
  }

  private static LambdaException lambdaError(
      LambdaException.Builder builder, String code, int status) {
    return (LambdaException)
        builder
            .statusCode(status)
            .message("injected " + code)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .serviceName("Lambda")
                    .errorMessage("injected " + code)
                    .build())
            .build();
  }
}
