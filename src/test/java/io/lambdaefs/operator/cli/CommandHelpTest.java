package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** What --help shows: every option of every command says what it does. */
class CommandHelpTest {

  @Test
  void everyOptionOfEveryCommandHasADescription() {
    List<String> undescribed = new ArrayList<>();
    for (Map.Entry<String, CommandLine> command :
        new CommandLine(new Main()).getSubcommands().entrySet()) {
      for (OptionSpec option : command.getValue().getCommandSpec().options()) {
        String text = String.join(" ", option.description()).strip();
        if (text.isEmpty()) {
          undescribed.add(command.getKey() + " " + option.longestName());
        }
      }
    }
    assertThat(undescribed).as("options without a description in --help").isEmpty();
  }

  @Test
  void diagnoseIsACommandOfTheJar() {
    assertThat(new CommandLine(new Main()).getSubcommands())
        .containsKeys("run", "demo", "plan", "diagnose", "bench");
  }
}
