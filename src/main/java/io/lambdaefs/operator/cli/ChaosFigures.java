package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and how it ended. {@code retries} counts the AWS calls that failed for a
 * passing cause (injected throttling, 5xx, lost responses, rate limits) and so were made again.
 */
record ChaosFigures(
    long seed,
    int resources,
    int changed,
    int deleted,
    Map<String, Integer> outOfBand,
    int restarts,
    Map<String, Integer> faults,
    int calls,
    int retries,
    boolean converged,
    double stormSeconds,
    double convergeSeconds,
    int leakedObjects,
    int duplicatedObjects,
    int notReady,
    List<String> findings) {

  void printHuman(PrintStream out) {
    out.printf("chaos run, seed %d%n", seed);
    out.printf(
        "  resources     %6d created, %d changed, %d deleted%n", resources, changed, deleted);
    out.printf("  out of band   %6d %s%n", sum(outOfBand), outOfBand);
    out.printf("  restarts      %6d%n", restarts);
    out.printf("  faults        %6d %s%n", sum(faults), faults);
    out.printf("  AWS calls     %6d, %d of them retried%n", calls, retries);
    out.printf("  storm         %6.1f s%n", stormSeconds);
    out.printf(
        "  converged     %6s%s%n",
        converged ? "yes" : "NO",
        converged ? String.format(" %.1f s after the faults stopped", convergeSeconds) : "");
    out.printf("  leaked        %6d%n", leakedObjects);
    out.printf("  duplicated    %6d%n", duplicatedObjects);
    out.printf("  not ready     %6d%n", notReady);
    findings.stream().limit(20).forEach(f -> out.println("    " + f));
  }

  void printJson(PrintStream out) {
    try {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this));
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the figures as JSON", e);
    }
  }

  private static int sum(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
