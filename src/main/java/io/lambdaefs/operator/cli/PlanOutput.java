package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.DriftFinding;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.plan.Report;
import io.lambdaefs.operator.validate.ValidationError;
import java.io.PrintStream;
import java.util.List;

/** How {@code plan} shows its plans: text for people, JSON for tools. */
final class PlanOutput {
  private PlanOutput() {}

  static DocumentPlan.Result worst(List<DocumentPlan> plans) {
    DocumentPlan.Result worst = DocumentPlan.Result.IN_SYNC;
    for (DocumentPlan p : plans) {
      worst = worst.worst(p.result());
    }
    return worst;
  }

  static void text(List<DocumentPlan> plans, PrintStream out) {
    for (DocumentPlan p : plans) {
      out.printf("LambdaEfsMount %s (%s, document %d)%n", p.ref(), p.source(), p.index());
      if (!p.valid()) {
        out.println("  Invalid: the API server would reject it, so it was not planned:");
        p.validationErrors().forEach(e -> out.println("    " + e));
      } else {
        problems(p, Problem.Severity.BLOCKING, "Problems (nothing is changed until fixed):", out);
        problems(p, Problem.Severity.WARNING, "Warnings (they do not block):", out);
        problems(p, Problem.Severity.WAITING, "Waiting:", out);
        Report.Note note = p.plan().report().permissionsNote();
        if (note != null && !note.ok()) {
          out.printf(
              "  Not checked yet: %s %s: %s%n",
              Facet.PERMISSIONS.conditionType(), note.reason(), note.message());
        }
        if (!p.unreadable().isEmpty()) {
          out.println(
              "  AWS could not be read ("
                  + p.unreadable().get(0).code()
                  + "), so this plan is incomplete.");
        }
        if (!p.plan().actions().isEmpty()) {
          out.println("  Actions, in order:");
          p.plan().actions().forEach(a -> out.println("    " + symbol(a) + " " + a.describe()));
        }
        if (!p.plan().drift().isEmpty()) {
          out.println("  Drift:");
          for (DriftFinding d : p.plan().drift()) {
            out.printf("    %s %s: want %s, is %s%n", d.kind(), d.field(), d.desired(), d.actual());
          }
        }
      }
      out.println("  Result: " + summary(p));
      out.println();
    }
    long changes = plans.stream().filter(p -> p.result() == DocumentPlan.Result.CHANGES).count();
    long problems = plans.stream().filter(p -> p.result() == DocumentPlan.Result.PROBLEMS).count();
    out.printf(
        "Plan: %d document%s: %d in sync, %d with changes, %d with problems.%n",
        plans.size(),
        plans.size() == 1 ? "" : "s",
        plans.size() - changes - problems,
        changes,
        problems);
  }

  /** One heading per severity, so a warning is never listed as a problem. */
  private static void problems(
      DocumentPlan p, Problem.Severity severity, String heading, PrintStream out) {
    List<Problem> problems =
        p.plan().problems().stream().filter(x -> x.severity() == severity).toList();
    if (problems.isEmpty()) {
      return;
    }
    out.println("  " + heading);
    for (Problem problem : problems) {
      out.printf(
          "    %s %s: %s%n", problem.facet().conditionType(), problem.reason(), problem.message());
    }
  }

  /** The JSON answer when nothing could be planned: an unreadable file, no credentials. */
  static void jsonError(String file, String message, PrintStream out) {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("result", DocumentPlan.Result.PROBLEMS.label());
    ObjectNode error = root.putObject("error");
    if (file != null) {
      error.put("file", file);
    }
    error.put("message", message);
    root.putArray("documents");
    out.println(root.toPrettyString());
  }

  static void json(List<DocumentPlan> plans, PrintStream out) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("result", worst(plans).label());
    ArrayNode documents = root.putArray("documents");
    for (DocumentPlan p : plans) {
      ObjectNode d = documents.addObject();
      d.put("source", p.source());
      d.put("index", p.index());
      d.put("name", p.name());
      d.put("namespace", p.namespace());
      d.put("valid", p.valid());
      ArrayNode errors = d.putArray("validationErrors");
      for (ValidationError e : p.validationErrors()) {
        errors
            .addObject()
            .put("path", e.path())
            .put("message", e.message())
            .put("text", e.toString());
      }
      ArrayNode problems = d.putArray("problems");
      ArrayNode actions = d.putArray("actions");
      ArrayNode drift = d.putArray("drift");
      if (p.plan() != null) {
        for (Problem problem : p.plan().problems()) {
          problems
              .addObject()
              .put("severity", problem.severity().name())
              .put("facet", problem.facet().conditionType())
              .put("reason", problem.reason())
              .put("message", problem.message());
        }
        for (Action a : p.plan().actions()) {
          actions
              .addObject()
              .put("kind", a.getClass().getSimpleName())
              .put("facet", a.facet().conditionType())
              .put("description", a.describe());
        }
        Report.Note note = p.plan().report().permissionsNote();
        if (note != null && !note.ok()) {
          d.putObject("notChecked")
              .put("facet", Facet.PERMISSIONS.conditionType())
              .put("reason", note.reason())
              .put("message", note.message());
        }
        for (DriftFinding f : p.plan().drift()) {
          drift
              .addObject()
              .put("kind", f.kind())
              .put("field", f.field())
              .put("desired", f.desired())
              .put("actual", f.actual());
        }
      }
      ArrayNode unreadable = d.putArray("unreadable");
      p.unreadable()
          .forEach(e -> unreadable.addObject().put("code", e.code()).put("message", e.message()));
      d.put("result", p.result().label());
    }
    out.println(root.toPrettyString());
  }

  private static String summary(DocumentPlan p) {
    return switch (p.result()) {
      case IN_SYNC -> "in sync: nothing to do";
      case CHANGES ->
          p.plan().actions().isEmpty()
              ? "changes pending: AWS is still converging"
              : "changes pending: "
                  + p.plan().actions().size()
                  + " action"
                  + (p.plan().actions().size() == 1 ? "" : "s");
      case PROBLEMS ->
          !p.valid()
              ? "invalid: fix the fields above"
              : p.plan().blocked()
                  ? "problems found: nothing would be changed until they are fixed"
                  : "problems found: AWS could not be read; plan again";
    };
  }

  /** Terraform's markers: + adds, - removes, ~ changes in place. */
  private static String symbol(Action a) {
    if (a instanceof Action.DeleteAccessPoint
        || a instanceof Action.RevokeRule
        || a instanceof Action.UntagFunction
        || a instanceof Action.DeleteRolePolicy) {
      return "-";
    }
    if (a instanceof Action.UpdateFunction || a instanceof Action.PutRolePolicy) {
      return "~";
    }
    return "+";
  }
}
