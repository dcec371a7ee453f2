package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.status.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A mount target's security group full of inbound rules (EC2 allows 60 per direction): the NFS rule
 * cannot be added, which needs a human, so the resource is Stalled with the group named.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SecurityGroupRuleLimitOperatorTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.prepare();
    // The example's group has one inbound rule (HTTPS); 59 more fill it.
    for (int port = 3000; port < 3059; port++) {
      harness
          .sim()
          .console()
          .addSecurityGroupRule(MOUNT_TARGET_SG, false, "tcp", port, port, null, "10.9.0.0/16");
    }
    harness.startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void fullMountTargetGroupIsStalledNamingTheGroup() {
    harness.create(ExampleMounts.creating("files"));

    LambdaEfsMount stalled = harness.awaitCondition("files", Conditions.STALLED, "True");

    var condition = OperatorHarness.condition(stalled, Conditions.STALLED).orElseThrow();
    assertThat(condition.getReason()).isEqualTo("SecurityGroupRuleLimitExceeded");
    assertThat(condition.getMessage())
        .contains(MOUNT_TARGET_SG, "inbound", "RulesPerSecurityGroupLimitExceeded");
    assertThat(OperatorHarness.condition(stalled, Facet.NETWORK.conditionType()).orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("SecurityGroupRuleLimitExceeded");
            });
    assertThat(harness.sim().inspect().function(ExampleMounts.FUNCTION).fileSystemConfigs())
        .isEmpty();
  }
}
