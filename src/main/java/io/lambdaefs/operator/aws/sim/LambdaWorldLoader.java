package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.Role;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import io.lambdaefs.operator.aws.sim.World.Subnet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code roles} and {@code functions} of a world file; the network and EFS must be loaded
 * first.
 */
final class LambdaWorldLoader {
  private final World world;
  private final String source;
  private final Instant now;

  LambdaWorldLoader(World world, String source, Instant now) {
    this.world = world;
    this.source = source;
    this.now = now;
  }

  void loadRole(YamlMap m) {
    Role role = new Role();
    role.name = WorldLoader.unique(m, "name", world.roles);
    role.created = now;
    role.allow.addAll(m.strings("allow"));
    Map<String, String> policies = m.stringMap("inlinePolicies");
    for (Map.Entry<String, String> e : policies.entrySet()) {
      try {
        world.identityPolicy(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw m.error(
            "inlinePolicies",
            "role " + role.name + ", policy " + e.getKey() + ": " + ex.getMessage());
      }
    }
    role.inlinePolicies.putAll(policies);
    role.effectivePolicies.putAll(policies);
    role.tags.putAll(m.stringMap("tags"));
    role.trustPolicy = m.str("trustPolicy", null);
    if (role.trustPolicy != null) {
      try {
        world.resourcePolicy(role.trustPolicy);
      } catch (IllegalArgumentException ex) {
        throw m.error("trustPolicy", "role " + role.name + ": " + ex.getMessage());
      }
    }
    role.operatorPolicy = m.bool("operatorPolicy", false);
    world.roles.put(role.name, role);
  }

  void loadFunction(YamlMap m) {
    Function f = new Function();
    f.name = WorldLoader.unique(m, "name", world.functions);
    f.roleName = m.str("role");
    if (!world.roles.containsKey(f.roleName)) {
      throw m.error("role", "function " + f.name + ": unknown role '" + f.roleName + "'");
    }
    f.runtime = m.str("runtime", f.runtime);
    loadConcurrency(m, f);
    f.state = m.str("state", "Active");
    YamlMap vpc =
        m.map("vpcConfig", "vpcConfig", "subnetIds", "securityGroupIds", "ipv6AllowedForDualStack");
    if (vpc != null) {
      String vpcId = null;
      for (String s : vpc.strings("subnetIds")) {
        Subnet subnet = world.subnets.get(s);
        if (subnet == null) {
          throw vpc.error("subnetIds", "function " + f.name + ": unknown subnet '" + s + "'");
        }
        if (vpcId != null && !vpcId.equals(subnet.vpcId)) {
          throw vpc.error("subnetIds", "function " + f.name + ": subnets of different VPCs");
        }
        vpcId = subnet.vpcId;
        f.subnetIds.add(s);
      }
      for (String g : vpc.strings("securityGroupIds")) {
        SecurityGroup group = world.groups.get(g);
        if (group == null) {
          throw vpc.error(
              "securityGroupIds", "function " + f.name + ": unknown security group '" + g + "'");
        }
        if (vpcId != null && !vpcId.equals(group.vpcId)) {
          throw vpc.error(
              "securityGroupIds",
              "function " + f.name + ": security group " + g + " is not in " + vpcId);
        }
        f.securityGroupIds.add(g);
      }
      if (f.subnetIds.isEmpty() != f.securityGroupIds.isEmpty()) {
        throw WorldException.at(
            source,
            vpc.line(),
            "function "
                + f.name
                + ": vpcConfig needs both subnetIds and securityGroupIds, or neither");
      }
      f.ipv6AllowedForDualStack = vpc.bool("ipv6AllowedForDualStack", false);
      if (f.ipv6AllowedForDualStack && f.subnetIds.isEmpty()) {
        throw vpc.error(
            "ipv6AllowedForDualStack",
            "function " + f.name + ": ipv6AllowedForDualStack needs subnetIds");
      }
    }
    for (Node n : m.list("fileSystemConfigs")) {
      YamlMap c = YamlMap.of(source, n, "a file system config", "arn", "localMountPath");
      String arn = c.str("arn");
      String apId = arn.substring(arn.lastIndexOf('/') + 1);
      if (!world.accessPoints.containsKey(apId)) {
        throw c.error("arn", "function " + f.name + ": unknown access point '" + arn + "'");
      }
      f.fileSystemConfigs.add(
          new World.FsConfig(world.accessPointArn(apId), c.str("localMountPath")));
    }
    if (!f.fileSystemConfigs.isEmpty() && f.subnetIds.isEmpty()) {
      throw m.error(
          "fileSystemConfigs", "function " + f.name + ": a file system needs a vpcConfig");
    }
    f.tags.putAll(m.stringMap("tags"));
    f.lastModified = now;
    f.revisionId =
        UUID.nameUUIDFromBytes((world.account + f.name).getBytes(StandardCharsets.UTF_8))
            .toString();
    world.functions.put(f.name, f);
  }

  /** Timeout, reserved and provisioned concurrency, within Lambda's bounds. */
  private static void loadConcurrency(YamlMap m, Function f) {
    long timeout = m.lng("timeout", (long) f.timeout);
    if (timeout < 1 || timeout > 900) {
      throw m.error("timeout", "function " + f.name + ": timeout must be 1 to 900 seconds");
    }
    f.timeout = (int) timeout;
    Long reserved = m.lng("reservedConcurrency", null);
    if (reserved != null && reserved < 0) {
      throw m.error("reservedConcurrency", "function " + f.name + ": must be 0 or more");
    }
    f.reservedConcurrency = reserved == null ? null : reserved.intValue();
    int provisioned = 0;
    for (Map.Entry<String, String> e : m.stringMap("provisionedConcurrency").entrySet()) {
      int count;
      try {
        count = Integer.parseInt(e.getValue());
      } catch (NumberFormatException ex) {
        count = 0;
      }
      if (count < 1 || e.getKey().equals("$LATEST")) {
        throw m.error(
            "provisionedConcurrency",
            "function "
                + f.name
                + ": provisionedConcurrency maps an alias or a published version (not $LATEST) "
                + "to a number of 1 or more");
      }
      f.provisionedConcurrency.put(e.getKey(), count);
      provisioned += count;
    }
    if (f.reservedConcurrency != null && provisioned > f.reservedConcurrency) {
      throw m.error(
          "provisionedConcurrency",
          "function "
              + f.name
              + ": provisioned concurrency "
              + provisioned
              + " exceeds its reserved concurrency "
              + f.reservedConcurrency);
    }
  }
}
