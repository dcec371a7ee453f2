package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** diagnose prints a "Lambda:" and a "Fix:" line for every finding the planner can make. */
class SymptomsTest {

  /** Never a finding: diagnose leaves it out, it only says another facet is not ready yet. */
  static final Set<String> NEVER_SHOWN = Set.of(Plan.WAITING_FOR_OTHER_FACET);

  @Test
  void everyReasonThePlannerCanGiveHasASymptom() {
    Set<String> missing = new TreeSet<>(ReasonsInSource.planner());
    missing.removeAll(NEVER_SHOWN);
    missing.removeIf(r -> Symptoms.of(r).isPresent());
    assertThat(missing).as("reasons without a Symptoms entry").isEmpty();
  }

  @Test
  void theExecutorsRuleLimitHasASymptomToo() {
    assertThat(Symptoms.of("SecurityGroupRuleLimitExceeded")).isPresent();
  }

  @Test
  void noFixSpeaksOfASpecToSomeoneWhoHasNone() {
    for (String reason : ReasonsInSource.planner()) {
      Symptoms.of(reason)
          .ifPresent(
              s ->
                  assertThat(s.fix())
                      .as(reason)
                      .doesNotContainPattern(
                          "(?<!LambdaEfsMount with )(?<!LambdaEfsMount's )spec\\."));
    }
  }
}
