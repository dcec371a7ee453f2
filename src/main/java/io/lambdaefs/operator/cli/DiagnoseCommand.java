package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.plan.Report;
import io.lambdaefs.operator.plan.Symptoms;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Explains an existing function's mount, with no LambdaEfsMount needed: the planner's checks on the
 * function as it is, each finding with its condition reason, the Lambda error it predicts and the
 * fix. Read-only, like {@code plan}.
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Explain why a Lambda function's EFS mount fails, or will: runs every preflight check of the"
          + " operator against the function as it is (its FileSystemConfigs, VPC, role), without"
          + " a LambdaEfsMount and without changing anything (read-only AWS calls only).",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:healthy: no finding",
      "1:findings (problems, warnings, NotAuthorized), AWS could not be read, or usage error"
    })
public final class DiagnoseCommand implements Callable<Integer> {

  @Option(
      names = "--function",
      required = true,
      paramLabel = "NAME",
      description = "The function: name, partial ARN or full ARN.")
  String function;

  @Option(
      names = "--namespace",
      defaultValue = "default",
      paramLabel = "NS",
      description =
          "Namespace of the LambdaEfsMount that would declare the mount (default ${DEFAULT-VALUE}):"
              + " the function's and the file system's "
              + Tenancy.ALLOWED_NAMESPACES
              + " tags must list it. A function a LambdaEfsMount manages is judged in that"
              + " resource's namespace.")
  String namespace;

  @Option(
      names = "--role-arn",
      paramLabel = "ARN",
      description =
          "Read the function through this role, as a resource's spec.roleArn: it must be allowed"
              + " for the namespace (--allowed-roles) and is assumed with --external-id.")
  String roleArn;

  @Mixin AwsTarget aws;

  @Mixin OutputOptions report;

  @Mixin TenancyOptions tenancy = new TenancyOptions();

  private final PrintStream out;
  private final PrintStream err;

  public DiagnoseCommand() {
    this(System.out, System.err);
  }

  DiagnoseCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    report.applyLogLevel();
    Tenancy who;
    try {
      who = tenancy.tenancy();
    } catch (IllegalArgumentException e) {
      return fail(null, e.getMessage());
    }
    AwsClientFactory clients;
    try {
      clients = aws.clients();
    } catch (AwsTarget.Unavailable e) {
      return fail(e.file, e.getMessage());
    }
    try (clients) {
      Diagnosis d =
          new DiagnoseRunner(clients, Clock.systemUTC(), who)
              .diagnose(function, aws.regionOrNull(), namespace, blankToNull(roleArn));
      if (report.json()) {
        json(d, out);
      } else {
        text(d, out);
      }
      return d.healthy() ? 0 : 1;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private int fail(String file, String message) {
    if (report.json()) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      root.put("healthy", false);
      ObjectNode error = root.putObject("error");
      if (file != null) {
        error.put("file", file);
      }
      error.put("message", message);
      out.println(root.toPrettyString());
    } else {
      err.println("diagnose: " + message);
    }
    return 1;
  }

  static void text(Diagnosis d, PrintStream out) {
    out.println(
        "Function "
            + d.functionName()
            + (d.functionArn() == null || d.functionArn().equals(d.functionName())
                ? ""
                : " (" + d.functionArn() + ")"));
    if (d.managedBy() != null) {
      out.println("  managed by LambdaEfsMount " + d.managedBy());
    }
    if (d.mountsNothing()) {
      out.println("  mounts no EFS file system: nothing to diagnose.");
      return;
    }
    if (d.accessPointId() != null) {
      out.println(
          "  mounts access point "
              + d.accessPointId()
              + (d.fileSystemId() == null ? "" : " of " + d.fileSystemId())
              + " at "
              + d.mountPath());
    }
    for (Problem p : d.findings()) {
      out.printf(
          "  %s %s (%s)%n",
          p.reason(), p.facet().conditionType(), p.severity().name().toLowerCase(Locale.ROOT));
      out.println("    " + p.message());
      symptom(p.reason(), out);
    }
    for (Problem p : d.passing()) {
      out.printf("  %s %s (passing): %s%n", p.reason(), p.facet().conditionType(), p.message());
    }
    Report.Note note = d.plan().report().permissionsNote();
    if (note != null && !note.ok()) {
      out.printf(
          "  Not checked: %s %s: %s%n",
          Facet.PERMISSIONS.conditionType(), note.reason(), note.message());
      symptom(note.reason(), out);
    }
    if (!d.unreadable().isEmpty()) {
      out.println(
          "  AWS could not be read ("
              + d.unreadable().get(0).code()
              + "): the diagnosis is"
              + " incomplete.");
    }
    long blocking =
        d.findings().stream().filter(p -> p.severity() == Problem.Severity.BLOCKING).count();
    long warnings = d.findings().size() - blocking;
    out.println(
        d.healthy()
            ? "Diagnosis: healthy: no problem found."
            : "Diagnosis: "
                + count(blocking, "problem")
                + ", "
                + count(warnings, "warning")
                + (!d.unreadable().isEmpty()
                    ? "; incomplete: diagnose again."
                    : blocking > 0
                        ? ": the mount fails until the problems are fixed."
                        : ": the mount works, but can fail as the warnings say."));
  }

  private static void symptom(String reason, PrintStream out) {
    Symptoms.of(reason)
        .ifPresent(
            s -> {
              out.println("    Lambda: " + s.lambdaError());
              out.println("    Fix:    " + s.fix());
            });
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  static void json(Diagnosis d, PrintStream out) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("function", d.functionName());
    root.put("functionArn", d.functionArn());
    root.put("managedBy", d.managedBy());
    root.put("accessPointId", d.accessPointId());
    root.put("fileSystemId", d.fileSystemId());
    root.put("mountPath", d.mountPath());
    root.put("mountsFileSystem", !d.mountsNothing());
    root.put("healthy", d.healthy());
    ArrayNode findings = root.putArray("findings");
    for (Problem p : d.findings()) {
      ObjectNode f =
          findings
              .addObject()
              .put("severity", p.severity().name())
              .put("condition", p.facet().conditionType())
              .put("reason", p.reason())
              .put("message", p.message());
      Symptoms.of(p.reason())
          .ifPresent(s -> f.put("lambdaError", s.lambdaError()).put("fix", s.fix()));
    }
    ArrayNode unreadable = root.putArray("unreadable");
    for (AwsError e : d.unreadable()) {
      unreadable.addObject().put("code", e.code()).put("message", e.message());
    }
    out.println(root.toPrettyString());
  }
}
