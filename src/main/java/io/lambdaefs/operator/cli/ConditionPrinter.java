package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Prints each condition of each resource when its status or reason changes. */
final class ConditionPrinter implements DemoCommand.Wait {
  private final KubernetesClient client;
  private final List<LambdaEfsMount> resources;
  private final PrintStream out;
  private final Map<String, String> last = new HashMap<>();
  private final long start = System.nanoTime();

  ConditionPrinter(KubernetesClient client, List<LambdaEfsMount> resources, PrintStream out) {
    this.client = client;
    this.resources = resources;
    this.out = out;
  }

  LambdaEfsMount current(LambdaEfsMount r) {
    return client
        .resources(LambdaEfsMount.class)
        .inNamespace(r.getMetadata().getNamespace())
        .withName(r.getMetadata().getName())
        .get();
  }

  boolean all(Predicate<LambdaEfsMount> test) {
    return resources.stream()
        .map(this::current)
        .allMatch(r -> r != null && r.getStatus() != null && test.test(r));
  }

  @Override
  public boolean until(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      poll();
      if (done.getAsBoolean()) {
        poll();
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private void poll() {
    printNewEvents();
    for (LambdaEfsMount r : resources) {
      LambdaEfsMount now = current(r);
      String name = r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      if (now == null) {
        if (last.put(name + "#gone", "gone") == null) {
          print(name, "deleted (finalizer removed after cleanup)");
        }
        continue;
      }
      if (now.getStatus() == null) {
        continue;
      }
      for (Condition c : now.getStatus().getConditions()) {
        String key = name + "#" + c.getType();
        String value = c.getStatus() + "/" + c.getReason();
        if (!value.equals(last.put(key, value))) {
          print(
              name,
              String.format(
                  "%-19s %-5s %-26s %s",
                  c.getType(), c.getStatus(), c.getReason(), shorten(c.getMessage())));
        }
      }
    }
  }

  /** Kubernetes Events about the resources, as `kubectl describe` would list them. */
  private void printNewEvents() {
    resources.stream()
        .map(r -> r.getMetadata().getNamespace())
        .distinct()
        .forEach(
            ns -> {
              for (Event e : client.v1().events().inNamespace(ns).list().getItems()) {
                if (last.put("event#" + e.getMetadata().getName(), "seen") == null) {
                  print(
                      ns + "/" + e.getInvolvedObject().getName(),
                      String.format(
                          "Event %-7s %-26s %s",
                          e.getType(), e.getReason(), shorten(e.getMessage())));
                }
              }
            });
  }

  String summary() {
    return resources.stream()
        .map(this::current)
        .filter(r -> r != null && r.getStatus() != null)
        .map(
            r ->
                r.getMetadata().getName()
                    + ": "
                    + r.getStatus().getConditions().stream()
                        .filter(c -> !"True".equals(c.getStatus()) || "Stalled".equals(c.getType()))
                        .map(
                            c ->
                                c.getType()
                                    + "="
                                    + c.getStatus()
                                    + " ("
                                    + c.getReason()
                                    + ": "
                                    + c.getMessage()
                                    + ")")
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("; "));
  }

  private void print(String name, String text) {
    out.printf("%6.1fs  %s  %s%n", (System.nanoTime() - start) / 1e9, name, text);
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 140 ? s.substring(0, 137) + "..." : s;
  }
}
