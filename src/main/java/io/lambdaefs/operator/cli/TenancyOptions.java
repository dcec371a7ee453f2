package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.config.Tenancy;
import picocli.CommandLine.Option;

/**
 * Who may use what (README, "Security"): the namespace tags, the roles each namespace may assume
 * and the external id sent with AssumeRole. {@code run}, {@code plan} and {@code diagnose} read the
 * same options, so a plan in CI or a diagnosis judges a resource the way the operator will.
 */
public final class TenancyOptions {
  @Option(
      names = "--require-namespace-tags",
      arity = "1",
      defaultValue = "${env:REQUIRE_NAMESPACE_TAGS:-true}",
      description =
          "A function and a file system may be used only from the namespaces their tag "
              + Tenancy.ALLOWED_NAMESPACES
              + " lists (comma-separated, * for all); false for single-tenant clusters"
              + " (env REQUIRE_NAMESPACE_TAGS; default ${DEFAULT-VALUE}).")
  boolean requireNamespaceTags;

  @Option(
      names = "--allowed-roles",
      defaultValue = "${env:ALLOWED_ROLES:-}",
      paramLabel = "NS=ARN[,ARN...][;...]",
      description =
          "Roles each namespace may name in spec.roleArn, e.g."
              + " team-a=arn:aws:iam::222222222222:role/lambda-efs-team-a; ARNs may use *, namespace *"
              + " means every namespace. Default: none (env ALLOWED_ROLES).")
  String allowedRoles;

  @Option(
      names = "--external-id",
      defaultValue = "${env:ASSUME_ROLE_EXTERNAL_ID:-}",
      description =
          "External id sent with every AssumeRole of spec.roleArn, which the roles' trust policies"
              + " require (env ASSUME_ROLE_EXTERNAL_ID).")
  String externalId;

  /** IllegalArgumentException naming the bad entry of --allowed-roles and where it is set. */
  Tenancy tenancy() {
    try {
      return new Tenancy(requireNamespaceTags, Tenancy.parseAllowedRoles(allowedRoles), externalId);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + " (set by --allowed-roles, env ALLOWED_ROLES, Helm value"
              + " tenancy.allowedRoles)",
          e);
    }
  }
}
