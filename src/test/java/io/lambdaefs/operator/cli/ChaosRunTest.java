package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A small seeded chaos run: a couple of dozen resources created, changed and deleted with every
 * fault on. At the end every resource left is Ready and the account holds exactly what they own.
 */
@Execution(ExecutionMode.CONCURRENT) // a world of its own
class ChaosRunTest {

  @Test
  void aSmallSeededChaosRunConvergesWithNothingLeakedOrDuplicated() throws Exception {
    ChaosFigures figures = new ChaosRun(ChaosRun.Settings.small(7), System.out).run();
    figures.printHuman(System.out);

    assertThat(figures.findings()).as("what is wrong at the end").isEmpty();
    assertThat(figures.converged()).isTrue();
    assertThat(figures.leakedObjects()).isZero();
    assertThat(figures.duplicatedObjects()).isZero();
    // The run was a storm: every kind of fault happened.
    assertThat(figures.restarts()).isPositive();
    assertThat(figures.faults())
        .containsKeys("throttled", "server_error", "lost_response", "delayed")
        .allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
    assertThat(figures.outOfBand()).isNotEmpty();
    assertThat(figures.changed()).isPositive();
    assertThat(figures.deleted()).isPositive();
  }
}
