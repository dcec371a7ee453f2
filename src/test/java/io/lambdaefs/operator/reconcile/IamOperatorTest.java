package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.IamSpec;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The execution role may not ClientMount: Verify stops before the function is touched, Manage
 * grants it.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class IamOperatorTest {
  private static final String POLICY = "lambda-efs-default-data";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.startWithWorld("role-without-client-mount.yaml");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static LambdaEfsMount withIam(IamMode mode) {
    LambdaEfsMount mount = ExampleMounts.creating("data");
    IamSpec iam = new IamSpec();
    iam.setMode(mode);
    mount.getSpec().setIam(iam);
    return mount;
  }

  @Test
  void verifyStallsWithTheMissingActionAndLeavesTheFunctionAlone() {
    harness.create(withIam(IamMode.Verify));
    LambdaEfsMount stalled = harness.awaitCondition("data", "Stalled", "True");
    assertThat(OperatorHarness.condition(stalled, "PermissionsVerified").orElseThrow().getReason())
        .isEqualTo("MissingPermissions");
    assertThat(OperatorHarness.condition(stalled, "PermissionsVerified").orElseThrow().getMessage())
        .contains("elasticfilesystem:ClientMount", "lambda-efs-role");
    assertThat(OperatorHarness.condition(stalled, "Stalled").orElseThrow().getReason())
        .isEqualTo("MissingPermissions");
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs())
        .as("a mount the role cannot use would break every invocation")
        .isEmpty();
    assertThat(harness.sim().calls().count("Lambda:UpdateFunctionConfiguration")).isZero();
    assertThat(harness.sim().inspect().rolePolicies("lambda-efs-role")).isEmpty();
  }

  @Test
  void manageWritesALeastPrivilegeInlinePolicyAndRemovesItOnDelete() {
    harness.create(withIam(IamMode.Manage));
    LambdaEfsMount ready = harness.awaitReady("data");
    String document = harness.sim().inspect().rolePolicies("lambda-efs-role").get(POLICY);
    assertThat(document)
        .contains("elasticfilesystem:ClientMount")
        .contains(ready.getStatus().getAccessPoint().getArn())
        .contains("elasticfilesystem:AccessPointArn")
        .doesNotContain("ec2:");
    assertThat(OperatorHarness.condition(ready, "PermissionsVerified").orElseThrow().getStatus())
        .isEqualTo("True");

    harness.delete("data");
    harness.awaitGone("data");
    assertThat(harness.sim().inspect().rolePolicies("lambda-efs-role")).doesNotContainKey(POLICY);
  }
}
