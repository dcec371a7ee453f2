package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import java.util.List;
import java.util.Map;

/**
 * Who may use what through the operator (README, "Security"): a namespace may use a function and a
 * file system only when each names it in its tag lambdaefs.io/allowed-namespaces, may reach AWS
 * only as a role the operator's allow-list gives it, and iam.mode Manage edits only an execution
 * role that opted in. Checked on every reconcile, so taking a tag away stops every write for the
 * resource at once; a refusal is reason NotAuthorized and, being blocking, empties the plan. Its
 * message names the object and the tag, never what other namespaces may use.
 */
final class TenancyRules {
  static final String NOT_AUTHORIZED = "NotAuthorized";

  private TenancyRules() {}

  /**
   * spec.roleArn against the allow-list, before anything is read (the operator does not even assume
   * a role the namespace may not use). Null when allowed or no role is named.
   */
  static Problem role(DesiredMount desired, Tenancy tenancy, PlanBuilder b) {
    if (desired.roleArn() == null || tenancy.allowsRole(desired.namespace(), desired.roleArn())) {
      return null;
    }
    List<String> allowed = tenancy.rolesFor(desired.namespace());
    return Problem.blocking(
        Facet.PERMISSIONS,
        NOT_AUTHORIZED,
        b.advice("spec.roleArn ", "Role ")
            + desired.roleArn()
            + " is not allowed for namespace "
            + desired.namespace()
            + (allowed.isEmpty()
                ? ": the operator's allowed roles give it none."
                : ": the operator's allowed roles give it only " + allowed + ".")
            + " Ask the operator's administrators to allow it (--allowed-roles, Helm value"
            + " tenancy.allowedRoles), or "
            + b.advice("remove spec.roleArn.", "diagnose without --role-arn."));
  }

  /**
   * The function and the file system must each list the resource's namespace in {@value
   * Tenancy#ALLOWED_NAMESPACES} (unless the operator runs single-tenant). Returns true when either
   * does not.
   */
  static boolean namespaceTags(
      DesiredMount desired,
      Tenancy tenancy,
      FunctionView function,
      FileSystemView fileSystem,
      PlanBuilder b) {
    if (!tenancy.namespaceTagsRequired()) {
      return false;
    }
    boolean refused = false;
    if (function != null
        && !Tenancy.listsNamespace(allowed(function.tags()), desired.namespace())) {
      refused = true;
      b.block(
          Facet.FUNCTION,
          NOT_AUTHORIZED,
          refusal(
              "Function " + function.name(),
              function.tags(),
              desired.namespace(),
              "aws lambda tag-resource --resource "
                  + function.arn()
                  + " --tags "
                  + Tenancy.ALLOWED_NAMESPACES
                  + "="
                  + desired.namespace()));
    }
    if (fileSystem != null
        && !Tenancy.listsNamespace(allowed(fileSystem.tags()), desired.namespace())) {
      refused = true;
      b.block(
          Facet.ACCESS_POINT,
          NOT_AUTHORIZED,
          refusal(
              "EFS file system " + fileSystem.id(),
              fileSystem.tags(),
              desired.namespace(),
              "aws efs tag-resource --resource-id "
                  + fileSystem.id()
                  + " --tags Key="
                  + Tenancy.ALLOWED_NAMESPACES
                  + ",Value="
                  + desired.namespace()));
    }
    return refused;
  }

  /**
   * iam.mode Manage writes an inline policy on the function's execution role only when the role
   * carries {@value Tenancy#MANAGED_POLICY}={@value Tenancy#MANAGED_POLICY_ALLOWED}: the operator's
   * IAM policy lets it edit no other role (docs/iam.md), and this says so before anything is
   * created. Returns true when it blocked.
   */
  static boolean managedPolicyOptIn(
      DesiredMount desired, Observation obs, FunctionView function, PlanBuilder b) {
    if (desired.iamMode() != IamMode.Manage || obs.roleTags() == null) {
      return false;
    }
    if (b.readFailed(
        Facet.PERMISSIONS, "iam:ListRoleTags", "role " + function.roleArn(), obs.roleTags())) {
      return true;
    }
    if (optedIn(obs.roleTags().value())) {
      return false;
    }
    String role = function.roleArn().substring(function.roleArn().lastIndexOf('/') + 1);
    b.block(
        Facet.PERMISSIONS,
        NOT_AUTHORIZED,
        "spec.iam.mode is Manage, but execution role "
            + function.roleArn()
            + " does not carry the tag "
            + Tenancy.MANAGED_POLICY
            + "="
            + Tenancy.MANAGED_POLICY_ALLOWED
            + ", so the operator may not write its inline policy there. The role's owner opts in"
            + " with: aws iam tag-role --role-name "
            + role
            + " --tags Key="
            + Tenancy.MANAGED_POLICY
            + ",Value="
            + Tenancy.MANAGED_POLICY_ALLOWED
            + "; or set spec.iam.mode: Verify and grant the role's permissions yourself.");
    return true;
  }

  /** Whether an execution role's tags let iam.mode Manage edit it. */
  static boolean optedIn(Map<String, String> roleTags) {
    return Tenancy.MANAGED_POLICY_ALLOWED.equals(roleTags.get(Tenancy.MANAGED_POLICY));
  }

  private static String allowed(Map<String, String> tags) {
    return tags.get(Tenancy.ALLOWED_NAMESPACES);
  }

  private static String refusal(
      String object, Map<String, String> tags, String namespace, String command) {
    return object
        + " may not be used from namespace "
        + namespace
        + ": "
        + (allowed(tags) == null
            ? "it does not carry the tag " + Tenancy.ALLOWED_NAMESPACES
            : "its tag " + Tenancy.ALLOWED_NAMESPACES + " does not list " + namespace)
        + ". Its owner allows the namespace by listing it there (comma-separated; * for every"
        + " namespace), e.g.: "
        + command
        + ". Nothing is changed in AWS for this resource until then.";
  }
}
