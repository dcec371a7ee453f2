package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The price of watching for drift: once Ready, every poll interval costs one round of reads, a
 * bounded one, and no AWS write and no status write (no hot loop).
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class DriftPollSteadyStateOperatorTest {
  /** Ten poll intervals of 300 ms. */
  private static final Duration MEASURED = Duration.ofSeconds(3);

  /** The budget of the issue: at most this many AWS reads per poll of one resource. */
  private static final int MAX_READS_PER_POLL = 12;

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
  void readyMountCostsOneBoundedRoundOfReadsPerPollAndNoWrites() {
    harness.create(ExampleMounts.creating("data"));
    harness.awaitReady("data");
    // The first poll after the last write sees a changed function and reconciles once (a reconcile
    // also reads the rules tagged as the resource's); the steady state starts after it.
    OperatorHarness.letTimePass(OperatorHarness.POLL_INTERVAL.multipliedBy(3));
    String resourceVersion = harness.get("data").getMetadata().getResourceVersion();
    int reads = harness.sim().calls().reads();

    Map<String, Integer> calls = harness.assertNoAwsWrites(MEASURED);
    int readsDuring = harness.sim().calls().reads() - reads;

    assertThat(harness.get("data").getMetadata().getResourceVersion())
        .as("status writes while in sync")
        .isEqualTo(resourceVersion);
    // Every poll (and any reconcile) starts with one GetFunction: it counts the rounds of reads.
    int polls = calls.get("Lambda:GetFunction");
    double perPoll = (double) readsDuring / polls;
    System.out.printf(
        "Drift poll economy: %d AWS reads in %d polls over %s = %.2f reads per poll per resource; %s%n",
        readsDuring, polls, MEASURED, perPoll, calls);
    assertThat(polls)
        .as("polls in %s with a %s interval", MEASURED, OperatorHarness.POLL_INTERVAL)
        .isBetween(3, (int) (MEASURED.toMillis() / OperatorHarness.POLL_INTERVAL.toMillis()) + 2);
    assertThat(perPoll)
        .as("AWS reads per poll of one resource: %s", calls)
        .isLessThanOrEqualTo(MAX_READS_PER_POLL);
    // GetFunction carries the configuration and the tags: no GetFunctionConfiguration, no ListTags.
    assertThat(harness.sim().calls().count("Lambda:GetFunctionConfiguration")).isZero();
    assertThat(harness.sim().calls().count("Lambda:ListTags")).isZero();
    // One read per facet and poll; the mount targets' security groups are one read per mount target
    // (two).
    calls.forEach(
        (operation, n) ->
            assertThat(n)
                .as("%s calls in %d polls", operation, polls)
                .isLessThanOrEqualTo(
                    polls * (operation.equals("EFS:DescribeMountTargetSecurityGroups") ? 2 : 1)));
  }
}
