package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.IamPolicy.Decision;
import io.lambdaefs.operator.aws.sim.RequiredPermissions.Check;
import io.lambdaefs.operator.aws.sim.World.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The one place where the simulated account authorizes its caller, as IAM does for every request:
 * each check of {@link RequiredPermissions} against the caller's identity policy, and a denied call
 * answered the way the real service answers it. Runs under the account's lock.
 */
final class Authorization {
  /** The shipped operator policy (deploy/iam/operator-policy.json), carried in the jar. */
  static final String SHIPPED_POLICY = "/iam/operator-policy.json";

  private final Simulation simulation;
  private final World world;
  private final RequiredPermissions required;

  Authorization(Simulation simulation, World world) {
    this.simulation = simulation;
    this.world = world;
    this.required = new RequiredPermissions(world);
  }

  /** The shipped policy for operators run without namespace tags. */
  static final String SINGLE_TENANT_POLICY = "/iam/operator-policy-single-tenant.json";

  /** The shipped operator policy, read from the classpath. */
  static String shippedPolicy() {
    return policy(SHIPPED_POLICY);
  }

  /** A policy of deploy/iam, read from the classpath. */
  static String policy(String resource) {
    try (InputStream in = Authorization.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the classpath (the build copies deploy/iam there)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws what the service answers when the caller may not make this call. */
  void authorize(Identity who, Service service, String operation, SdkRequest request) {
    for (Check check : required.of(operation, request)) {
      Decision d = decide(who, check);
      if (d != Decision.ALLOWED) {
        throw denied(who, service, check, d);
      }
    }
  }

  /**
   * Whether the caller may perform one action; for what a service leaves out instead of failing.
   */
  boolean allows(Identity who, String action, String resource, Map<String, List<String>> context) {
    return decide(who, new Check(action, resource, context)) == Decision.ALLOWED;
  }

  /** The actions identity policies have allowed so far. */
  Set<String> granted() {
    return Set.copyOf(simulation.granted);
  }

  /**
   * STS AssumeRole: the role's trust policy must trust the caller, and, unless it names the caller
   * itself within the caller's own account, the caller's identity policy must allow sts:AssumeRole
   * on the role (IAM user guide, "Cross-account policy evaluation logic"). STS answers every
   * refusal alike, whether the role is missing, distrusts the caller or wants another external id.
   *
   * @param role null when the account has no such role
   * @param trustContext sts:ExternalId and sts:RoleSessionName as the request carries them
   */
  void assumeRole(Identity who, String roleArn, Role role, Map<String, List<String>> trustContext) {
    Map<String, List<String>> identityContext = new LinkedHashMap<>();
    if (role != null) {
      role.tags.forEach((k, v) -> identityContext.put("aws:ResourceTag/" + k, List.of(v)));
    }
    Check check = new Check("sts:AssumeRole", roleArn, identityContext);
    boolean identityAllows = decide(who, check) == Decision.ALLOWED;
    IamPolicy.Trust trust = IamPolicy.Trust.NONE;
    if (role != null && role.trustPolicy != null) {
      Map<String, List<String>> context = new LinkedHashMap<>(trustContext);
      context.putAll(principalContext(who));
      trust =
          world
              .resourcePolicy(role.trustPolicy)
              .trust(
                  new IamPolicy.Request(
                      who.roleArn(world.partition()), "sts:AssumeRole", roleArn, context));
    }
    String[] arn = roleArn.split(":");
    boolean sameAccount = arn.length > 4 && who.account().equals(arn[4]);
    boolean allowed =
        switch (trust) {
          case PRINCIPAL -> sameAccount || identityAllows;
          case ACCOUNT -> identityAllows;
          default -> false;
        };
    if (!allowed) {
      throw Service.STS.error(
          StsException.builder(),
          "AccessDenied",
          403,
          "User: "
              + who.arn(world.partition())
              + " is not authorized to perform: sts:AssumeRole on resource: "
              + roleArn);
    }
  }

  private Decision decide(Identity who, Check check) {
    Map<String, List<String>> context = new LinkedHashMap<>(check.context());
    context.putAll(principalContext(who));
    // An identity policy grants nothing in another account without that account's resource policy.
    Decision d =
        !who.account().equals(world.account)
            ? Decision.IMPLICIT_DENY
            : IamPolicy.decide(
                    who.policies(),
                    null,
                    new IamPolicy.Request(
                        who.roleArn(world.partition()), check.action(), check.resource(), context))
                .decision();
    if (d == Decision.ALLOWED) {
      simulation.granted.add(check.action());
    }
    return d;
  }

  /** The global condition keys every request carries about its principal. */
  private Map<String, List<String>> principalContext(Identity who) {
    return Map.of(
        "aws:PrincipalArn",
        List.of(who.roleArn(world.partition())),
        "aws:PrincipalAccount",
        List.of(who.account()));
  }

  private RuntimeException denied(Identity who, Service service, Check check, Decision d) {
    if (check.downstream() != null) {
      // Lambda's own wording when a service it asks on the caller's behalf refuses.
      String op = check.action().substring(check.action().indexOf(':') + 1);
      String code =
          check.downstream().service().equals("EC2")
              ? "UnauthorizedOperation"
              : "AccessDeniedException";
      return service.error(
          LambdaException.builder(),
          "AccessDeniedException",
          403,
          "Your access has been denied by "
              + check.downstream().service()
              + ", please make sure your request credentials have permission to "
              + op
              + " for "
              + check.downstream().object()
              + ". "
              + check.downstream().service()
              + " Error Code: "
              + code
              + ". "
              + check.downstream().service()
              + " Error Message: You are not authorized to perform this operation.");
    }
    String message =
        "User: "
            + who.arn(world.partition())
            + " is not authorized to perform: "
            + check.action()
            + " on resource: "
            + check.resource()
            + (d == Decision.EXPLICIT_DENY
                ? " with an explicit deny in an identity-based policy"
                : " because no identity-based policy allows the " + check.action() + " action");
    return switch (service) {
      case LAMBDA ->
          service.error(LambdaException.builder(), "AccessDeniedException", 403, message);
      case EFS -> service.error(EfsException.builder(), "AccessDeniedException", 403, message);
      case EC2 ->
          service.error(
              Ec2Exception.builder(),
              "UnauthorizedOperation",
              403,
              "You are not authorized to perform this operation. " + message);
      case IAM -> service.error(IamException.builder(), "AccessDenied", 403, message);
      case STS -> service.error(StsException.builder(), "AccessDenied", 403, message);
    };
  }
}
