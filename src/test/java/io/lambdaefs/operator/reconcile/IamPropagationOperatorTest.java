package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.IamSpec;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.NetworkSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

/**
 * iam.mode Manage for a role that may do nothing yet, in a world where IAM takes its time: Lambda
 * refuses the VPC until the role's new policy has propagated, and the operator waits it out.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class IamPropagationOperatorTest {
  private static final String POLICY = "lambda-efs-default-data";
  private static final String ROLE = "lambda-efs-role";
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.startWithWorld("role-without-vpc-access.yaml");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static LambdaEfsMount managed(String name) {
    LambdaEfsMount mount = ExampleMounts.creating(name);
    IamSpec iam = new IamSpec();
    iam.setMode(IamMode.Manage);
    mount.getSpec().setIam(iam);
    NetworkSpec network = new NetworkSpec();
    network.setSubnetIds(List.of(ExampleMounts.SUBNET_A, ExampleMounts.SUBNET_B));
    network.setSecurityGroupIds(List.of(ExampleMounts.LAMBDA_SG));
    mount.getSpec().setNetwork(network);
    return mount;
  }

  @Test
  void manageConvergesThroughIamPropagationWithoutStalling() {
    harness.sim().settings().iamPropagationDelay(Duration.ofSeconds(3));
    OperatorHarness.History history = harness.watch("data");
    harness.create(managed("data"));

    history.awaitSeen(
        "Lambda refused the role until IAM propagated",
        m ->
            OperatorHarness.condition(m, "Reconciling")
                .filter(c -> c.getReason().equals("RolePermissionsPropagating"))
                .isPresent(),
        OperatorHarness.TIMEOUT);
    harness.awaitReady("data");

    assertThat(history.all())
        .as("never Stalled while IAM propagates")
        .noneMatch(
            m ->
                OperatorHarness.condition(m, "Stalled")
                    .filter(c -> c.getStatus().equals("True"))
                    .isPresent());
    assertThat(harness.sim().calls().count("Lambda:UpdateFunctionConfiguration"))
        .as("at least one update refused, then the one that took")
        .isGreaterThanOrEqualTo(2);
    assertThat(harness.sim().inspect().rolePolicies(ROLE).get(POLICY))
        .contains("ec2:CreateNetworkInterface", "elasticfilesystem:ClientMount");
  }

  @Test
  void aNewAccessPointNeverTakesAwayWhatTheInlinePolicyGranted() {
    harness.sim().settings().iamPropagationDelay(Duration.ofMillis(300));
    harness.create(managed("data"));
    String first = harness.awaitReady("data").getStatus().getAccessPoint().getArn();

    harness.editSpec("data", s -> s.getAccessPoint().getPosixUser().setUid(2000L));
    String second =
        await("a new access point mounted")
            .atMost(OperatorHarness.TIMEOUT)
            .until(
                () -> harness.get("data"),
                m ->
                    m.getStatus() != null
                        && m.getStatus().getAccessPoint() != null
                        && !m.getStatus().getAccessPoint().getArn().equals(first)
                        && OperatorHarness.condition(m, "Ready")
                            .filter(c -> c.getStatus().equals("True"))
                            .isPresent())
            .getStatus()
            .getAccessPoint()
            .getArn();

    assertThat(harness.sim().calls().count("IAM:PutRolePolicy"))
        .as("one grant per access point; nothing granted was taken away and given back")
        .isEqualTo(2);
    String document = harness.sim().inspect().rolePolicies(ROLE).get(POLICY);
    assertThat(document).contains("ec2:CreateNetworkInterface", second);
    assertThat(
            harness
                .sim()
                .iam()
                .simulatePrincipalPolicy(
                    r ->
                        r.policySourceArn("arn:aws:iam::123456789012:role/" + ROLE)
                            .actionNames("ec2:CreateNetworkInterface"))
                .evaluationResults()
                .get(0)
                .evalDecision())
        .as("the function keeps its VPC access")
        .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
    assertThat(harness.sim().inspect().function(FUNCTION).fileSystemConfigs().get(0).arn())
        .isEqualTo(second);
  }
}
