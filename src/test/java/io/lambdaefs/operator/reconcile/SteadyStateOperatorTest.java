package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** A reconcile of an in-sync resource writes nothing to AWS and does not touch its status. */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class SteadyStateOperatorTest {
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
  void readyMountIsPolledWithoutWritesOrStatusUpdates() {
    harness.create(ExampleMounts.creating("data"));
    LambdaEfsMount ready = harness.awaitReady("data");
    String resourceVersion = ready.getMetadata().getResourceVersion();
    int writes = harness.sim().calls().writes();
    int polls = harness.sim().calls().count("Lambda:GetFunction");

    // With a 300 ms poll interval, 2 s are several reconciles; none may write or change the status.
    OperatorHarness.letTimePass(Duration.ofSeconds(2));

    assertThat(harness.sim().calls().count("Lambda:GetFunction") - polls)
        .as("reconciles during the steady state")
        .isGreaterThanOrEqualTo(3);
    assertThat(harness.sim().calls().writes())
        .as("AWS calls: %s", harness.sim().calls())
        .isEqualTo(writes);
    assertThat(harness.get("data").getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
  }
}
