package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.IamPolicy.Decision;
import io.lambdaefs.operator.aws.sim.RequiredPermissions.Check;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * The one place where the simulated account authorizes its caller, as IAM does for every request:
 * each check of {@link RequiredPermissions} against the caller's identity policy, and a denied call
 * answered the way the real service answers it. Runs under the account's lock.
 */
final class Authorization {
  /** The shipped operator policy (deploy/iam/operator-policy.json), carried in the jar. */
  static final String SHIPPED_POLICY = "/iam/operator-policy.json";

  private final World world;
  private final RequiredPermissions required;

  /** Every action the caller's policy allowed so far, for tests that look for unused grants. */
  private final Set<String> granted = new TreeSet<>();

  Authorization(World world) {
    this.world = world;
    this.required = new RequiredPermissions(world);
  }

  /** The shipped operator policy, read from the classpath. */
  static String shippedPolicy() {
    try (InputStream in = Authorization.class.getResourceAsStream(SHIPPED_POLICY)) {
      if (in == null) {
        throw new IllegalStateException(
            SHIPPED_POLICY + " is not on the classpath (the build copies deploy/iam there)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Throws what the service answers when the caller may not make this call. */
  void authorize(Service service, String operation, SdkRequest request) {
    for (Check check : required.of(operation, request)) {
      Decision d = decide(check);
      if (d != Decision.ALLOWED) {
        throw denied(service, check, d);
      }
    }
  }

  /**
   * Whether the caller may perform one action; for what a service leaves out instead of failing.
   */
  boolean allows(String action, String resource, Map<String, List<String>> context) {
    return decide(new Check(action, resource, context)) == Decision.ALLOWED;
  }

  /** The actions the caller's policy has allowed so far. */
  Set<String> granted() {
    return Set.copyOf(granted);
  }

  private Decision decide(Check check) {
    IamPolicy policy = callerPolicy();
    Decision d =
        IamPolicy.decide(
                List.of(policy),
                null,
                new IamPolicy.Request(
                    world.roleArn(world.callerRole),
                    check.action(),
                    check.resource(),
                    check.context()))
            .decision();
    if (d == Decision.ALLOWED) {
      granted.add(check.action());
    }
    return d;
  }

  private IamPolicy callerPolicy() {
    if (world.callerPolicy == null) {
      world.callerPolicy = shippedPolicy();
    }
    return world.identityPolicy(world.callerPolicy);
  }

  private RuntimeException denied(Service service, Check check, Decision d) {
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
            + world.callerArn()
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
    };
  }
}
