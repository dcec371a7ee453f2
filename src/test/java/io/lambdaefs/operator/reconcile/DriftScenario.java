package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftStatus;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.status.Conditions;
import io.lambdaefs.operator.status.StatusEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One drift test's script, shared by every kind of out-of-band change: a Ready resource, the change
 * made in the console, what the operator must report while AWS differs, and how it ends (put back
 * under driftPolicy Correct; left alone, without a single AWS write, under Report).
 */
final class DriftScenario {
  /**
   * Enough for a correction: an AWS write or two, Lambda's update (200 ms) and the reconciles
   * between.
   */
  static final Duration CORRECTED_WITHIN = Duration.ofSeconds(10);

  /** Several poll intervals (300 ms each) in which Report must write nothing. */
  static final Duration REPORT_QUIET = Duration.ofSeconds(2);

  final OperatorHarness harness;
  final String name;
  private OperatorHarness.History history;
  private Instant changedAt;
  private int writesAtChange;

  DriftScenario(OperatorHarness harness, String name) {
    this.harness = harness;
    this.name = name;
  }

  /**
   * Creates the example mount (the operator creates its access point) and waits until it is Ready.
   */
  LambdaEfsMount ready() {
    return ready(ExampleMounts.creating(name));
  }

  LambdaEfsMount ready(LambdaEfsMount mount) {
    harness.create(mount);
    LambdaEfsMount ready = harness.awaitReady(name);
    history = harness.watch(name);
    return ready;
  }

  /**
   * Switches to driftPolicy Report while in sync; the resource stays Ready (nothing differs yet).
   */
  void reportOnly() {
    LambdaEfsMount m = harness.setDriftPolicy(name, DriftPolicy.Report);
    assertThat(OperatorHarness.condition(m, Conditions.READY))
        .as("Ready under Report while in sync")
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  /**
   * Makes the out-of-band change, remembering when and how many AWS writes the operator had made.
   */
  void outOfBand(Runnable consoleChange) {
    writesAtChange = harness.sim().calls().writes();
    changedAt = Instant.now();
    consoleChange.run();
  }

  /**
   * Waits (about a poll interval plus a reconcile) until the resource reports the drift, and
   * asserts what every drift report carries: Drifted=True with the kind as reason, Ready=False,
   * status.drift with a detectedAt not before the change, and a Warning Event DriftDetected.
   * Returns that version.
   */
  LambdaEfsMount awaitReported(String kind) {
    LambdaEfsMount drifted =
        history.awaitSeen(
            name + " Drifted=True " + kind,
            m ->
                m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
                    && OperatorHarness.condition(m, Conditions.DRIFTED)
                        .filter(c -> "True".equals(c.getStatus()) && kind.equals(c.getReason()))
                        .isPresent(),
            OperatorHarness.DRIFT_SEEN_WITHIN);
    assertThat(condition(drifted, Conditions.READY).getStatus())
        .as("Ready while drifted")
        .isEqualTo("False");
    assertThat(drifted.getStatus().getDrift())
        .as("status.drift")
        .isNotEmpty()
        .allSatisfy(
            d -> {
              assertThat(d.getField()).isNotBlank();
              assertThat(d.getDesired()).isNotBlank();
              assertThat(d.getActual()).isNotBlank();
              assertThat(Instant.parse(d.getDetectedAt()))
                  .as("detectedAt of %s", d.getField())
                  .isAfterOrEqualTo(changedAt);
            });
    Event detected =
        harness.awaitEvent(
            name, "Warning", StatusEvents.DRIFT_DETECTED, OperatorHarness.DRIFT_SEEN_WITHIN);
    assertThat(detected.getMessage()).contains(drifted.getStatus().getDrift().get(0).getField());
    assertThat(detected.getInvolvedObject().getUid()).isEqualTo(drifted.getMetadata().getUid());
    return drifted;
  }

  /** The entry of status.drift for one field. */
  static DriftStatus drift(LambdaEfsMount m, String field) {
    return m.getStatus().getDrift().stream()
        .filter(d -> field.equals(d.getField()))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no drift of " + field + " in " + m.getStatus().getDrift()));
  }

  static Condition condition(LambdaEfsMount m, String type) {
    return OperatorHarness.condition(m, type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  /**
   * driftPolicy Correct: waits until AWS is put back, the resource is Ready again with
   * Drifted=False, and a Normal Event DriftCorrected was posted. The caller then checks AWS itself.
   */
  LambdaEfsMount awaitCorrected() {
    LambdaEfsMount ready =
        history.awaitSeen(
            name + " Ready=True and Drifted=False again",
            m ->
                m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
                    && OperatorHarness.condition(m, Conditions.READY)
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent()
                    && OperatorHarness.condition(m, Conditions.DRIFTED)
                        .filter(c -> "False".equals(c.getStatus()))
                        .isPresent(),
            CORRECTED_WITHIN);
    assertThat(ready.getStatus().getDrift()).as("status.drift once corrected").isNullOrEmpty();
    harness.awaitEvent(
        name, "Normal", StatusEvents.DRIFT_CORRECTED, OperatorHarness.DRIFT_SEEN_WITHIN);
    assertThat(harness.sim().calls().writes())
        .as("the correction wrote to AWS")
        .isGreaterThan(writesAtChange);
    return ready;
  }

  /**
   * driftPolicy Report: over several poll intervals, no AWS write at all since the change, Drifted
   * stays True and Ready stays False with reason ChangesNotApplied. Returns the resource as it
   * stands.
   */
  LambdaEfsMount assertReportedOnly(String kind) {
    Map<String, Integer> calls = harness.assertNoAwsWrites(REPORT_QUIET);
    assertThat(harness.sim().calls().writes())
        .as("AWS writes since the change (calls meanwhile: %s)", calls)
        .isEqualTo(writesAtChange);
    LambdaEfsMount now = harness.get(name);
    assertThat(now.getStatus().getObservedGeneration())
        .isEqualTo(now.getMetadata().getGeneration());
    Condition drifted = condition(now, Conditions.DRIFTED);
    assertThat(drifted.getStatus()).isEqualTo("True");
    assertThat(drifted.getReason()).isEqualTo(kind);
    assertThat(drifted.getMessage()).contains("driftPolicy Report");
    Condition ready = condition(now, Conditions.READY);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("ChangesNotApplied");
    assertThat(harness.events(name, "Normal", StatusEvents.DRIFT_CORRECTED))
        .as("DriftCorrected under Report")
        .isEmpty();
    return now;
  }

  /**
   * Switches back to driftPolicy Correct: the next reconcile (the new generation) corrects the
   * drift.
   */
  LambdaEfsMount correctAgain() {
    harness.editSpec(name, s -> s.setDriftPolicy(DriftPolicy.Correct));
    return awaitCorrected();
  }

  /** Asserts that the operator made no AWS write since the out-of-band change. */
  void assertNoWritesSinceChange() {
    assertThat(harness.sim().calls().writes())
        .as("AWS writes since the change: %s", harness.sim().calls())
        .isEqualTo(writesAtChange);
  }
}
