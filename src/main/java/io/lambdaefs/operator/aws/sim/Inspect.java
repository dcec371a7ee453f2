package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.Role;
import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
