package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** A deletion that waits for Lambda says so in the status instead of only "Terminating". */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class DeletionStatusOperatorTest {
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
  void cleanupProgressIsReportedWhileTheFinalizerHoldsTheResource() {
    harness.create(ExampleMounts.creating("data"));
    harness.awaitReady("data");
    harness.sim().settings().lambdaUpdateDelay(Duration.ofSeconds(3));

    harness.delete("data");
    LambdaEfsMount deleting =
        await("the cleanup to show in the status")
            .atMost(OperatorHarness.TIMEOUT)
            .pollInterval(Duration.ofMillis(50))
            .until(
                () -> harness.get("data"),
                m ->
                    m != null
                        && m.getStatus() != null
                        && OperatorHarness.condition(m, Conditions.READY)
                            .map(c -> "Deleting".equals(c.getReason()))
                            .orElse(false));
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(
            OperatorHarness.condition(deleting, Conditions.RECONCILING).orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(
            OperatorHarness.condition(deleting, Conditions.RECONCILING).orElseThrow().getMessage())
        .containsAnyOf("detach file system", "Lambda");
    harness.awaitGone("data");
  }
}
