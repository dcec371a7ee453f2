package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@code bench} prints a {@link ScaleBench.Result}: headed columns for people, JSON for tools.
 */
final class BenchReport {
  private BenchReport() {}

  static void text(ScaleBench.Result r, PrintStream out) {
    ScaleBench.Options o = r.options();
    out.println();
    out.printf(
        "%d LambdaEfsMounts over %d file systems (%s), functions sharing %d security groups%n",
        o.resources(), o.fileSystems(), o.throughputMode(), o.groups());
    out.printf(
        "simulated AWS: AWS's rate limits enforced, %d ms per call, Lambda updates take %.1f s%n",
        o.latency().toMillis(), o.lambdaDelay().toMillis() / 1000.0);
    out.println();
    if (r.timedOut()) {
      out.printf(
          "TIMED OUT after %.1f s: %d of %d Ready (no ratio: the run did not converge)%n",
          r.elapsedSeconds(), r.ready(), o.resources());
      r.notReady().forEach((reason, n) -> out.printf("  %5d  %s%n", n, reason));
      out.println();
    }
    out.printf("%-38s %10s %10s %8s%n", "time (s)", "measured", "floor", "ratio");
    out.printf(
        "%-38s %10s %10.1f %8s%n",
        "all Ready",
        r.readySeconds() == null ? "-" : String.format("%.1f", r.readySeconds()),
        r.floorSeconds(),
        r.ratio() == null ? "-" : String.format("%.2f", r.ratio()));
    out.printf(
        "%-38s %10s %10.1f %8s%n",
        "  floor at the operator's own budget",
        "",
        r.budgetFloorSeconds(),
        r.readySeconds() == null
            ? "-"
            : String.format("%.2f", r.readySeconds() / r.budgetFloorSeconds()));
    out.printf("%-38s %10s%n", "first status after start", seconds(r.firstReconcileSeconds()));
    out.printf(
        "%-38s %10s%n", "out-of-band detach reported after", seconds(r.driftDetectionSeconds()));
    out.println();
    out.printf("%-38s %10s %10s%n", "AWS calls", "total", "per mount");
    out.printf(
        "%-38s %10d %10.2f%n",
        r.timedOut() ? "until the timeout" : "until all Ready",
        r.creationCalls(),
        r.creationCalls() / (double) o.resources());
    out.printf(
        "%-38s %10d %10.2f%n",
        "  of them writes", r.creationWrites(), r.creationWrites() / (double) o.resources());
    out.printf("%-38s %10d%n", "throttled by AWS", r.throttled());
    out.printf("%-38s %10d%n", "resources that showed AwsThrottled", r.throttledSeenInStatus());
    if (r.steadyReads() != null) {
      out.printf(
          "%-38s %10d %10s%n",
          "steady state: reads over " + o.steadyIntervals() + " intervals",
          r.steadyReads(),
          r.steadyReadsPerMountPerCycle() == null
              ? "-"
              : String.format("%.2f", r.steadyReadsPerMountPerCycle()));
      out.printf("%-38s %10d%n", "steady state: writes", r.steadyWrites());
      out.printf(
          "%-38s %10s%n",
          "  (per mount: per poll interval of", o.pollInterval().toSeconds() + " s)");
    }
    out.println();
    out.printf("%-38s %10s%n", "memory (MiB)", "");
    out.printf("%-38s %10.1f%n", "operator heap after GC", r.heapAfterGcMiB());
    out.printf("%-38s %10.1f%n", "operator process RSS", r.rssMiB());
    out.printf("%-38s %10.0f%n", "  its maximum heap", r.maxHeapMiB());
    out.printf("%-38s %10.1f%n", "API server process RSS (apart)", r.apiServerRssMiB());
    out.println();
    out.printf("%-46s %10s %10s%n", "calls by operation, until all Ready", "total", "per mount");
    r.callsByOperation()
        .forEach((op, n) -> out.printf("  %-44s %10d %10.2f%n", op, n, n / (double) o.resources()));
    if (!r.steadyCallsByOperation().isEmpty()) {
      out.println();
      out.printf(
          "%-46s %10s %10s%n",
          "calls by operation, steady state", "total", "per mount per interval");
      r.steadyCallsByOperation()
          .forEach(
              (op, n) ->
                  out.printf(
                      "  %-44s %10d %10.2f%n",
                      op, n, n / (double) o.resources() / Math.max(1, o.steadyIntervals())));
    }
    out.println();
    out.printf("%-46s %10s %10s%n", "the operator's own budget, by family", "waited", "deferred");
    Set<String> families = new TreeSet<>(r.callsThatWaitedForBudget().keySet());
    families.addAll(r.deferralsByBudget().keySet());
    for (String f : families) {
      out.printf(
          "  %-44s %10d %10d%n",
          f,
          r.callsThatWaitedForBudget().getOrDefault(f, 0L),
          r.deferralsByBudget().getOrDefault(f, 0L));
    }
    out.printf("%-46s %10d%n", "resources that showed AwsRateBudget", r.pacedSeenInStatus());
  }

  static String json(ScaleBench.Result r) {
    ScaleBench.Options o = r.options();
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("mounts", o.resources());
    root.put("fileSystems", o.fileSystems());
    root.put("securityGroups", o.groups());
    root.put("throughputMode", o.throughputMode());
    root.put("latencyMs", o.latency().toMillis());
    root.put("lambdaUpdateSeconds", o.lambdaDelay().toMillis() / 1000.0);
    root.put("pollIntervalSeconds", o.pollInterval().toMillis() / 1000.0);
    root.put("converged", !r.timedOut());
    root.put("timedOut", r.timedOut());
    root.put("ready", r.ready());
    root.put("elapsedSeconds", round(r.elapsedSeconds()));
    put(root, "readySeconds", r.readySeconds());
    root.put("floorSeconds", round(r.floorSeconds()));
    root.put("budgetFloorSeconds", round(r.budgetFloorSeconds()));
    put(root, "ratio", r.ratio());
    put(root, "firstReconcileSeconds", r.firstReconcileSeconds());
    root.put("creationCalls", r.creationCalls());
    put(root, "creationCallsPerMount", r.creationCallsPerMount());
    root.put("creationWritesPerMount", round(r.creationWrites() / (double) o.resources()));
    put(root, "steadyReadsPerMountPerCycle", r.steadyReadsPerMountPerCycle());
    if (r.steadyWrites() == null) {
      root.putNull("steadyWrites");
    } else {
      root.put("steadyWrites", r.steadyWrites());
    }
    root.put("throttled", r.throttled());
    root.put("throttledSeenInStatus", r.throttledSeenInStatus());
    put(root, "driftDetectionSeconds", r.driftDetectionSeconds());
    root.put("heapAfterGcMiB", round(r.heapAfterGcMiB()));
    root.put("maxHeapMiB", round(r.maxHeapMiB()));
    root.put("rssMiB", round(r.rssMiB()));
    root.put("apiServerRssMiB", round(r.apiServerRssMiB()));
    ObjectNode ops = root.putObject("callsByOperation");
    r.callsByOperation().forEach(ops::put);
    ObjectNode steadyOps = root.putObject("steadyCallsByOperation");
    r.steadyCallsByOperation().forEach(steadyOps::put);
    ObjectNode waited = root.putObject("callsThatWaitedForBudget");
    r.callsThatWaitedForBudget().forEach(waited::put);
    ObjectNode deferred = root.putObject("deferralsByBudget");
    r.deferralsByBudget().forEach(deferred::put);
    root.put("pacedSeenInStatus", r.pacedSeenInStatus());
    ObjectNode notReady = root.putObject("notReady");
    for (Map.Entry<String, Integer> e : r.notReady().entrySet()) {
      notReady.put(e.getKey(), e.getValue());
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(ObjectNode node, String key, Double value) {
    if (value == null) {
      node.putNull(key);
    } else {
      node.put(key, round(value));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String seconds(Double s) {
    return s == null ? "-" : String.format("%.1f", s);
  }
}
