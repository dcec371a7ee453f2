package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an execution role may do. IAM's own API (SimulatePrincipalPolicy) sees a policy change at
 * once; the services that act with the role (Lambda's checks, EFS mounts) see it only once it has
 * propagated (IAM is eventually consistent).
 */
final class RolePolicies {
  private RolePolicies() {}

  /** The role's identity policies: its world-file allow list and its inline policies. */
  static List<IamPolicy> of(World world, Role role, boolean propagatedOnly) {
    List<IamPolicy> policies = new ArrayList<>();
    if (!role.allow.isEmpty()) {
      policies.add(IamPolicy.allowing(role.allow));
    }
    (propagatedOnly ? role.effectivePolicies : role.inlinePolicies)
        .values()
        .forEach(d -> policies.add(world.identityPolicy(d)));
    return policies;
  }

  /** Whether a service acting with the role may perform the action, as it sees the role now. */
  static boolean allows(
      World world,
      Role role,
      IamPolicy resourcePolicy,
      String action,
      String resource,
      Map<String, List<String>> context) {
    return IamPolicy.decide(
            of(world, role, true),
            resourcePolicy,
            new IamPolicy.Request(world.roleArn(role.name), action, resource, context))
        .allowed();
  }
}
