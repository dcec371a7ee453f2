package io.lambdaefs.operator.cli;

import picocli.CommandLine.Option;

/** How the read-only commands report: text for people or JSON for tools, and how much logging. */
final class OutputOptions {
  enum Format {
    text,
    json
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--verbose",
      description = "Show the operator's own log lines (on standard error).")
  boolean verbose;

  boolean json() {
    return output == Format.json;
  }

  /** Before anything logs: the operator's own lines only with --verbose. */
  void applyLogLevel() {
    System.setProperty("LOG_LEVEL", verbose ? "info" : "warn");
  }
}
