package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.ServiceException;

/**
 * The operator dies halfway through creating a mount and a new one takes over on the same API
 * server and AWS account: it goes on from what AWS holds and never creates a second access point or
 * rule.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class RestartOperatorTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private SimulatedAws sim() {
    return harness.sim();
  }

  @Test
  void crashAfterACreateAccessPointWhoseResponseWasLost() {
    sim().faults().loseResponseNext("EFS:CreateAccessPoint", 1);
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    await("the access point to be created")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> harness.ownedAccessPoints(FILE_SYSTEM, uid).size() == 1);

    harness.stopOperator();
    harness.startOperator();
    harness.awaitReady("data");

    assertExactlyOneOfEach(uid);
    assertThat(sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(1);
  }

  @Test
  void crashAfterTheAccessPointAndRuleButBeforeTheFunctionUpdate() {
    // The process "dies" at its function update: that call fails and the operator is stopped.
    sim()
        .faults()
        .failNext(
            "Lambda:UpdateFunctionConfiguration",
            1,
            () ->
                (ServiceException)
                    ServiceException.builder()
                        .statusCode(500)
                        .message("simulated crash point")
                        .awsErrorDetails(
                            AwsErrorDetails.builder()
                                .errorCode("ServiceException")
                                .serviceName("Lambda")
                                .errorMessage("simulated crash point")
                                .build())
                        .build());
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    await("the operator to reach the function")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> sim().calls().count("Lambda:UpdateFunctionConfiguration") == 1);
    harness.stopOperator();
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false)).hasSize(1);
    assertThat(sim().inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();

    harness.startOperator();
    harness.awaitReady("data");

    assertExactlyOneOfEach(uid);
    assertThat(sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(1);
    assertThat(sim().calls().count("EC2:AuthorizeSecurityGroupIngress")).isEqualTo(1);
  }

  @Test
  void crashWhileLambdaIsApplyingTheUpdate() {
    sim().settings().lambdaUpdateDelay(Duration.ofSeconds(2));
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    await("the function update to be accepted")
        .atMost(OperatorHarness.TIMEOUT)
        .until(() -> sim().calls().count("Lambda:UpdateFunctionConfiguration") == 1);
    harness.stopOperator();
    assertThat(sim().inspect().function(FUNCTION).lastUpdateStatusAsString())
        .isEqualTo("InProgress");

    harness.startOperator();
    LambdaEfsMount ready = harness.awaitReady("data");

    assertExactlyOneOfEach(uid);
    assertThat(sim().calls().count("Lambda:UpdateFunctionConfiguration")).isEqualTo(1);
    assertThat(ready.getStatus().getAccessPoint().getId())
        .isEqualTo(harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointId());
  }

  private void assertExactlyOneOfEach(String uid) {
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
    assertThat(sim().inspect().accessPoints(FILE_SYSTEM))
        .extracting(AccessPointDescription::accessPointId)
        .hasSize(2)
        .contains(HAND_MADE_ACCESS_POINT);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(r -> assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG));
    assertThat(harness.nfsRules(LAMBDA_SG, true)).isEmpty();
    assertThat(sim().inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(harness.ownedAccessPoints(FILE_SYSTEM, uid).get(0).accessPointArn());
  }
}
