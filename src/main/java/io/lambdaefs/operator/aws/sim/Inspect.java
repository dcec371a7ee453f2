package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.Role;
import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Read-only snapshots of the account for tests and the demo; not counted as calls, never faulted.
 */
public final class Inspect {
  private final SimulatedAws sim;
  private final World world;

  Inspect(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
  }

  /** The access points of a file system (empty if it does not exist), lazy states resolved. */
  public List<AccessPointDescription> accessPoints(String fileSystemId) {
    return sim.locked(
        () -> {
          List<AccessPointDescription> out = new ArrayList<>();
          for (AccessPoint ap : world.accessPoints.values()) {
            if (ap.fileSystemId.equals(fileSystemId)) {
              world.resolve(ap, sim.now());
              out.add(SimEfs.describe(world, ap));
            }
          }
          return out;
        });
  }

  /** Every access point of the account, lazy states resolved. */
  public List<AccessPointDescription> allAccessPoints() {
    return sim.locked(
        () -> {
          List<AccessPointDescription> out = new ArrayList<>();
          for (AccessPoint ap : world.accessPoints.values()) {
            world.resolve(ap, sim.now());
            out.add(SimEfs.describe(world, ap));
          }
          return out;
        });
  }

  /** The ids of every security group of the account. */
  public List<String> securityGroups() {
    return sim.locked(() -> List.copyOf(world.groups.keySet()));
  }

  /** Every rule of every security group. */
  public List<SecurityGroupRule> allRules() {
    return sim.locked(
        () -> {
          List<SecurityGroupRule> out = new ArrayList<>();
          for (SecurityGroup g : world.groups.values()) {
            for (Rule r : g.rules) {
              out.add(SimEc2.rule(world, r));
            }
          }
          return out;
        });
  }

  /** The rules tagged with this key and value, in any security group. */
  public List<SecurityGroupRule> rulesTagged(String key, String value) {
    return allRules().stream()
        .filter(
            r -> r.tags().stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value)))
        .toList();
  }

  /** The names of every function of the account. */
  public List<String> functions() {
    return sim.locked(() -> List.copyOf(world.functions.keySet()));
  }

  /** All rules (ingress and egress) of a security group; empty if it does not exist. */
  public List<SecurityGroupRule> rules(String groupId) {
    return sim.locked(
        () -> {
          List<SecurityGroupRule> out = new ArrayList<>();
          SecurityGroup g = world.groups.get(groupId);
          if (g != null) {
            for (Rule r : g.rules) {
              out.add(SimEc2.rule(world, r));
            }
          }
          return out;
        });
  }

  /** The ids of the file systems here, in the order the world declared them. */
  public List<String> fileSystemIds() {
    return sim.locked(() -> List.copyOf(world.fileSystems.keySet()));
  }

  /** The names of the functions here, in the order the world declared them. */
  public List<String> functionNames() {
    return sim.locked(() -> List.copyOf(world.functions.keySet()));
  }

  /** The function's configuration, lazy states resolved; null if it does not exist. */
  public FunctionConfiguration function(String functionName) {
    return sim.locked(
        () -> {
          Function f = SimLambda.lookup(world, functionName);
          if (f == null) {
            return null;
          }
          world.resolve(f, sim.now());
          return SimLambda.configuration(world, f);
        });
  }

  /** The function's tags; empty if it does not exist. */
  public Map<String, String> functionTags(String functionName) {
    return sim.locked(
        () -> {
          Function f = SimLambda.lookup(world, functionName);
          return f == null ? Map.of() : new TreeMap<>(f.tags);
        });
  }

  /** Inline policy name -> document (as put, not URL-encoded); empty if the role does not exist. */
  public Map<String, String> rolePolicies(String roleName) {
    return sim.locked(
        () -> {
          Role r = world.roles.get(roleName);
          return r == null ? Map.of() : new TreeMap<>(r.inlinePolicies);
        });
  }

  /**
   * The NFS client actions (ClientMount, ClientWrite) EFS would refuse a function with this
   * execution role mounting through this access point now: the ground truth that iam.mode Verify
   * predicts. Empty when the mount is allowed.
   */
  public List<String> deniedClientActions(String roleName, String accessPointId) {
    return sim.locked(
        () -> {
          Role role = world.roles.get(roleName);
          AccessPoint ap = world.accessPoints.get(accessPointId);
          if (role == null || ap == null) {
            throw new IllegalArgumentException(
                "no role " + roleName + " or access point " + accessPointId);
          }
          role.resolve(sim.now());
          List<String> denied = new ArrayList<>();
          for (String action : SimEfs.CLIENT_ACTIONS) {
            if (!SimEfs.clientMayAccess(world, role, ap, action)) {
              denied.add(action);
            }
          }
          return denied;
        });
  }

  /**
   * The role sessions STS has issued so far, as CloudTrail names their caller ({@code
   * arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}), oldest first.
   */
  public List<String> roleSessions() {
    return sim.locked(
        () ->
            sim.simulation().sessions.values().stream()
                .sorted(Comparator.comparing(Simulation.Session::expiration))
                .map(
                    s ->
                        world
                            .partition()
                            .arn(
                                "sts",
                                "",
                                s.account(),
                                "assumed-role/" + s.roleName() + "/" + s.sessionName()))
                .toList());
  }

  /** Every action the caller's identity policy has allowed in this account so far. */
  public Set<String> actionsAllowedToTheCaller() {
    return sim.locked(() -> sim.authorization().granted());
  }
}
