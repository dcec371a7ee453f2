package io.lambdaefs.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flux (kustomize-controller and helm-controller health checks) and {@code kubectl wait} judge
 * custom resources with kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status). For a type kstatus has
 * no built-in rules for, {@code Compute} is:
 *
 * <ol>
 *   <li>metadata.deletionTimestamp set: Terminating;
 *   <li>status.observedGeneration present and not equal to metadata.generation: InProgress;
 *   <li>the first of these conditions found True: Reconciling: InProgress, Stalled: Failed;
 *   <li>otherwise Current (so Ready=True, with the two above False, is Current).
 * </ol>
 *
 * This test encodes those rules and applies them to the same samples as the Argo CD health check.
 */
public class KstatusConditionsTest {

  public static String kstatus(JsonNode object) {
    if (!object.at("/metadata/deletionTimestamp").isMissingNode()
        && !object.at("/metadata/deletionTimestamp").asText().isEmpty()) {
      return "Terminating";
    }
    JsonNode generation = object.at("/metadata/generation");
    JsonNode observed = object.at("/status/observedGeneration");
    if (!generation.isMissingNode()
        && !observed.isMissingNode()
        && observed.asLong() != generation.asLong()) {
      return "InProgress";
    }
    for (JsonNode c : object.at("/status/conditions")) {
      boolean isTrue = "True".equals(c.path("status").asText());
      if (isTrue && "Reconciling".equals(c.path("type").asText())) {
        return "InProgress";
      }
      if (isTrue && "Stalled".equals(c.path("type").asText())) {
        return "Failed";
      }
    }
    return "Current";
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("io.lambdaefs.operator.ship.HealthSamples#expectations")
  void kstatusOfEachSample(
      String sample, String argoIgnored, String messageIgnored, String expected) {
    assertThat(kstatus(HealthSamples.load(sample))).as(sample).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: Argo CD {1}, kstatus {3}")
  @MethodSource("io.lambdaefs.operator.ship.HealthSamples#agreeing")
  void argoCdAndKstatusAgreeOnEveryStatusTheOperatorWrites(
      String sample, String argo, String m, String ks) {
    String expected =
        switch (argo) {
          case "Healthy" -> "Current";
          case "Progressing" -> "InProgress";
          case "Degraded" -> "Failed";
          default -> throw new AssertionError(argo);
        };
    assertThat(ks).as(sample).isEqualTo(expected);
    assertThat(ArgoCdHealthCheckTest.evaluate(HealthSamples.load(sample)).status()).isEqualTo(argo);
  }

  @Test
  void kubectlWaitForReadyMatchesCurrentForAReadyResource() {
    JsonNode ready = HealthSamples.load("ready");
    assertThat(kstatus(ready)).isEqualTo("Current");
    assertThat(ArgoCdHealthCheckTest.conditionMessage(ready, "Ready")).isNotEmpty();
    boolean readyTrue = false;
    for (JsonNode c : ready.at("/status/conditions")) {
      readyTrue |=
          "Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText());
      assertThat(c.path("observedGeneration").asLong())
          .isEqualTo(ready.at("/metadata/generation").asLong());
      assertThat(c.path("reason").asText()).matches("[A-Z][A-Za-z]*");
    }
    assertThat(readyTrue).isTrue();
  }
}
