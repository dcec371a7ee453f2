package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The condition reasons the code can set, read from its source, so that the tables that explain
 * them (Symptoms, the README) cannot fall behind a new one. Each pattern is one way the code hands
 * a reason over; a reason given another way would go unseen, so {@link #planner()} and {@link
 * #all()} also check that known reasons of each way are found.
 */
public final class ReasonsInSource {
  static final Path MAIN = Path.of("src/main/java/io/lambdaefs/operator");

  /** A problem: b.block(Facet.X, REASON, ...), and warn, await, Problem.blocking, ... */
  private static final Pattern PROBLEM =
      Pattern.compile(
          "\\b(?:block|warn|await|blocking|warning|waiting)\\(\\s*(?:Facet\\.\\w+|facet)\\s*,"
              + "\\s*([^,]+),");

  /** A note: new Report.Note(ok, "Reason", ...). */
  private static final Pattern NOTE =
      Pattern.compile("new Report\\.Note\\(\\s*[^,]+,\\s*\"(\\w+)\"");

  /** A read that found nothing: found(b, Facet.X, absent, "Reason", ...). */
  private static final Pattern FOUND =
      Pattern.compile("\\bfound\\(\\s*b,\\s*Facet\\.\\w+,\\s*[^,]+,\\s*\"(\\w+)\"");

  /** A drift: new DriftFinding("Reason", ...). */
  private static final Pattern DRIFT = Pattern.compile("new DriftFinding\\(\\s*\"(\\w+)\"");

  private static final Pattern LITERAL = Pattern.compile("\"(\\w+)\"");
  private static final Pattern CONSTANT = Pattern.compile("\\b(?:\\w+\\.)?([A-Z][A-Z_]{2,})\\b");
  private static final Pattern DEFINITION =
      Pattern.compile("static final String ([A-Z][A-Z_]+)\\s*=\\s*\"(\\w+)\";");

  private ReasonsInSource() {}

  /**
   * Every reason the planner can give a problem or note of a mount (not of its cleanup, which
   * diagnose never plans; drift is not a finding).
   */
  public static Set<String> planner() {
    Set<String> out = new TreeSet<>();
    for (Path f : files("plan")) {
      String name = f.getFileName().toString();
      if (!name.equals("CleanupPlanner.java") && !name.equals("Symptoms.java")) {
        out.addAll(reasons(read(f), false));
      }
    }
    assertThat(out)
        .as("the scan finds each way the planner gives a reason")
        .contains(
            "NfsIngressBlocked",
            "NfsEgressBlocked",
            "NotCheckedYet",
            "FunctionNotFound",
            "NotAuthorized",
            "AssumeRoleDenied",
            "RootDirectoryNotWritable");
    return out;
  }

  /**
   * Every reason a condition of a LambdaEfsMount can carry: the planner's, the cleanup's, the
   * status reporter's own (positive ones included) and the finalizer's.
   */
  public static Set<String> all() {
    Set<String> out = new TreeSet<>();
    for (Path f : files("plan")) {
      if (!f.getFileName().toString().equals("Symptoms.java")) {
        out.addAll(reasons(read(f), true));
      }
    }
    // The status reporter names its reasons as literals; two of its literals are not reasons.
    Matcher m = LITERAL.matcher(read(MAIN.resolve("status/StatusReporter.java")));
    while (m.find()) {
      if (Character.isUpperCase(m.group(1).charAt(0))) {
        out.add(m.group(1));
      }
    }
    out.removeAll(Set.of("Successful", "RulesPerSecurityGroupLimitExceeded"));
    // The finalizer reports its cleanup: report(resource, context, "Reason", ...).
    Matcher cleanup =
        Pattern.compile("\\breport\\(\\s*\\w+,\\s*\\w+,\\s*\"(\\w+)\"")
            .matcher(read(MAIN.resolve("reconcile/Deletion.java")));
    while (cleanup.find()) {
      out.add(cleanup.group(1));
    }
    assertThat(out)
        .as("the scan finds each way the code gives a reason")
        .contains(
            "InlinePolicyLeft",
            "InSync",
            "PermissionsGranted",
            "CleaningUp",
            "CleanupFailed",
            "FunctionDeleted",
            "SecurityGroupRuleLimitExceeded");
    return out;
  }

  /** The reasons of problems and notes; with drift, the kinds of drift (a Drifted reason) too. */
  private static Set<String> reasons(String source, boolean drift) {
    Map<String, String> constants = constants();
    Set<String> out = new TreeSet<>();
    Matcher p = PROBLEM.matcher(source);
    while (p.find()) {
      String arg = p.group(1);
      Matcher l = LITERAL.matcher(arg);
      while (l.find()) {
        out.add(l.group(1));
      }
      Matcher c = CONSTANT.matcher(arg);
      while (c.find()) {
        if (constants.containsKey(c.group(1))) {
          out.add(constants.get(c.group(1)));
        }
      }
    }
    for (Pattern literal : drift ? List.of(NOTE, FOUND, DRIFT) : List.of(NOTE, FOUND)) {
      Matcher m = literal.matcher(source);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  /** The String constants of the main code, by name. */
  private static Map<String, String> constants() {
    Map<String, String> out = new HashMap<>();
    try (Stream<Path> all = Files.walk(MAIN)) {
      all.filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                Matcher m = DEFINITION.matcher(read(f));
                while (m.find()) {
                  out.put(m.group(1), m.group(2));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<Path> files(String pkg) {
    try (Stream<Path> s = Files.list(MAIN.resolve(pkg))) {
      return s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
