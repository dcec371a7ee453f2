package io.lambdaefs.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** LOG_FORMAT=json as a log pipeline reads it, configured from the shipped logback.xml. */
class JsonLogFormatTest {

  @Test
  void jsonLinesCarryTheFormattedMessageAndTheResourceFromTheMdc() throws Exception {
    LoggerContext context = new LoggerContext();
    try {
      context.putProperty("LOG_FORMAT", "json");
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(JsonLogFormatTest.class.getClassLoader().getResource("logback.xml"));
      Appender<ILoggingEvent> appender =
          context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("json");
      assertThat(appender).as("LOG_FORMAT=json selects the json appender").isNotNull();

      var logger = context.getLogger("io.lambdaefs.operator.reconcile.LambdaEfsMountReconciler");
      LoggingEvent event =
          new LoggingEvent(
              Logger.class.getName(),
              logger,
              Level.INFO,
              "{}: cleanup complete",
              null,
              new Object[] {"LambdaEfsMount(team-a/data)"});
      event.setMDCPropertyMap(Map.of("resource", "LambdaEfsMount(team-a/data)"));
      String line =
          new String(
              ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder().encode(event),
              StandardCharsets.UTF_8);

      assertThat(line).endsWith("\n");
      assertThat(line.strip()).doesNotContain("\n");
      JsonNode json = new ObjectMapper().readTree(line);
      assertThat(json.path("level").asText()).isEqualTo("INFO");
      assertThat(json.path("loggerName").asText()).endsWith("LambdaEfsMountReconciler");
      assertThat(json.path("formattedMessage").asText())
          .isEqualTo("LambdaEfsMount(team-a/data): cleanup complete");
      assertThat(json.path("mdc").path("resource").asText())
          .isEqualTo("LambdaEfsMount(team-a/data)");
      assertThat(json.has("message")).as("the raw {} pattern is left out").isFalse();
      assertThat(json.has("arguments")).isFalse();
    } finally {
      context.stop();
    }
  }
}
