package io.lambdaefs.operator.cli;

import picocli.CommandLine.Option;

/**
 * Log level and format. Logback reads them as variables (logback.xml), so they are set before the
 * first logger is created.
 */
public final class LoggingOptions {
  @Option(
      names = "--log-level",
      defaultValue = "${env:LOG_LEVEL:-info}",
      description = "trace, debug, info, warn or error (env LOG_LEVEL; default ${DEFAULT-VALUE}).")
  String level;

  @Option(
      names = "--log-format",
      defaultValue = "${env:LOG_FORMAT:-text}",
      description = "text or json (env LOG_FORMAT; default ${DEFAULT-VALUE}).")
  String format;

  void apply() {
    System.setProperty("LOG_LEVEL", level);
    System.setProperty("LOG_FORMAT", "json".equalsIgnoreCase(format) ? "json" : "text");
  }
}
