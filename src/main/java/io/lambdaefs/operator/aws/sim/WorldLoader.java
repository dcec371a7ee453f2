package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.FileSystem;
import io.lambdaefs.operator.aws.sim.World.MountTarget;
import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import io.lambdaefs.operator.aws.sim.World.Subnet;
import io.lambdaefs.operator.aws.sim.World.Vpc;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a world file (docs/world-file.md) into a {@link Simulation}: the operator's account in its
 * home Region at the top level, more Regions of it under {@code regions}, more accounts under
 * {@code accounts}. Keeps line numbers for errors.
 */
final class WorldLoader {
  private final String source;
  private final World world;
  private final Instant now;

  private WorldLoader(String source, World world, Instant now) {
    this.source = source;
    this.world = world;
    this.now = now;
  }

  static Simulation load(String yaml, String source, Instant now) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new WorldException(source + ":" + line + ": not valid YAML: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new WorldException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      return new Simulation(DEFAULT_ACCOUNT, DEFAULT_REGION);
    }
    YamlMap m =
        YamlMap.of(
            source,
            root,
            "the world",
            "account",
            "region",
            "vpcs",
            "fileSystems",
            "functions",
            "roles",
            "caller",
            "regions",
            "accounts");
    String account = account(m, DEFAULT_ACCOUNT);
    Simulation simulation = new Simulation(account, m.str("region", DEFAULT_REGION));
    YamlMap caller = m.map("caller", "caller", "role", "policy");
    if (caller != null) {
      simulation.callerRole = caller.str("role", simulation.callerRole);
      simulation.callerPolicy = caller.str("policy", null);
      if (simulation.callerPolicy != null) {
        try {
          IamPolicy.identity(simulation.callerPolicy);
        } catch (IllegalArgumentException e) {
          throw caller.error("policy", "the caller's policy: " + e.getMessage());
        }
      }
    }
    // IAM first: the roles of every account, which functions in any of its Regions name.
    loadRoles(simulation, account, m, source, now);
    List<YamlMap> others = new ArrayList<>();
    for (Node n : m.list("accounts")) {
      YamlMap a = YamlMap.of(source, n, "an account", "account", "roles", "regions");
      String other = account(a, null);
      if (simulation.knows(other)) {
        throw a.error(
            "account",
            other.equals(account)
                ? "account "
                    + other
                    + " is the operator's own: declare its Regions under the top-level regions"
                : "duplicate account '" + other + "'");
      }
      simulation.declare(other);
      loadRoles(simulation, other, a, source, now);
      others.add(a);
    }
    cell(simulation, account, simulation.homeRegion, m, source, now);
    regions(simulation, account, m, source, now);
    for (YamlMap a : others) {
      regions(simulation, a.str("account"), a, source, now);
    }
    return simulation;
  }

  static final String DEFAULT_ACCOUNT = "123456789012";
  static final String DEFAULT_REGION = "us-east-1";

  private static String account(YamlMap m, String defaultValue) {
    String account = defaultValue == null ? m.str("account") : m.str("account", defaultValue);
    if (!account.matches("\\d{12}")) {
      throw m.error("account", "account must be 12 digits, not '" + account + "'");
    }
    return account;
  }

  private static void loadRoles(
      Simulation simulation, String account, YamlMap m, String source, Instant now) {
    // A cell of no Region: the roles are the account's, whatever Region reads them.
    World iam = new World(account, simulation.homeRegion, simulation.rolesOf(account));
    LambdaWorldLoader lambda = new LambdaWorldLoader(iam, source, now);
    for (Node n : m.list("roles")) {
      lambda.loadRole(
          YamlMap.of(
              source,
              n,
              "a role",
              "name",
              "allow",
              "inlinePolicies",
              "tags",
              "trustPolicy",
              "operatorPolicy"));
    }
  }

  private static void regions(
      Simulation simulation, String account, YamlMap m, String source, Instant now) {
    for (Node n : m.list("regions")) {
      YamlMap r = YamlMap.of(source, n, "a region", "region", "vpcs", "fileSystems", "functions");
      String region = r.str("region");
      if (simulation.hasCell(account, region)) {
        throw r.error(
            "region", "account " + account + " declares Region " + region + " more than once");
      }
      cell(simulation, account, region, r, source, now);
    }
  }

  /** The VPCs, file systems and functions of one account in one Region. */
  private static void cell(
      Simulation simulation, String account, String region, YamlMap m, String source, Instant now) {
    new WorldLoader(source, simulation.cell(account, region), now).loadCell(m);
  }

  private void loadCell(YamlMap m) {
    int vpcIndex = 0;
    for (Node n : m.list("vpcs")) {
      loadVpc(
          YamlMap.of(
              source, n, "a vpc", "id", "cidrBlock", "mainRouteTable", "subnets", "securityGroups"),
          vpcIndex++);
    }
    for (Node n : m.list("fileSystems")) {
      loadFileSystem(
          YamlMap.of(
              source,
              n,
              "a file system",
              "id",
              "vpcId",
              "availabilityZone",
              "availabilityZoneId",
              "state",
              "throughputMode",
              "sizeInBytes",
              "tags",
              "policy",
              "mountTargets",
              "accessPoints"));
    }
    LambdaWorldLoader lambda = new LambdaWorldLoader(world, source, now);
    for (Node n : m.list("functions")) {
      lambda.loadFunction(
          YamlMap.of(
              source,
              n,
              "a function",
              "name",
              "role",
              "runtime",
              "timeout",
              "reservedConcurrency",
              "provisionedConcurrency",
              "state",
              "vpcConfig",
              "fileSystemConfigs",
              "tags"));
    }
  }

  private void loadVpc(YamlMap m, int vpcIndex) {
    Vpc vpc = new Vpc();
    vpc.id = unique(m, "id", world.vpcs);
    vpc.cidr = m.str("cidrBlock", "10." + vpcIndex + ".0.0/16");
    YamlMap main = m.map("mainRouteTable", "mainRouteTable", "natGateway");
    vpc.mainTableNatGateway = main != null && main.bool("natGateway", false);
    world.vpcs.put(vpc.id, vpc);
    int subnetIndex = 0;
    for (Node n : m.list("subnets")) {
      YamlMap s =
          YamlMap.of(
              source,
              n,
              "a subnet",
              "id",
              "availabilityZone",
              "availabilityZoneId",
              "natGateway",
              "cidrBlock");
      Subnet subnet = new Subnet();
      subnet.id = unique(s, "id", world.subnets);
      subnet.vpcId = vpc.id;
      subnet.availabilityZone = s.str("availabilityZone");
      subnet.availabilityZoneId = s.str("availabilityZoneId");
      subnet.natGateway = s.has("natGateway") ? s.bool("natGateway", false) : null;
      subnet.cidr = s.str("cidrBlock", "10." + vpcIndex + "." + subnetIndex++ + ".0/24");
      world.subnets.put(subnet.id, subnet);
    }
    for (Node n : m.list("securityGroups")) {
      YamlMap g =
          YamlMap.of(
              source,
              n,
              "a security group",
              "id",
              "name",
              "description",
              "tags",
              "ingress",
              "egress");
      SecurityGroup sg = new SecurityGroup();
      sg.id = unique(g, "id", world.groups);
      sg.tags.putAll(g.stringMap("tags"));
      sg.name = g.str("name", sg.id);
      sg.description = g.str("description", "security group " + sg.name);
      sg.vpcId = vpc.id;
      loadRules(g, sg, false);
      if (g.has("egress")) {
        loadRules(g, sg, true);
      } else {
        Rule all = new Rule();
        all.egress = true;
        all.protocol = "-1";
        all.fromPort = -1;
        all.toPort = -1;
        all.cidr = "0.0.0.0/0";
        addSeeded(sg, all);
      }
      world.groups.put(sg.id, sg);
    }
  }

  private void loadRules(YamlMap g, SecurityGroup sg, boolean egress) {
    String key = egress ? "egress" : "ingress";
    for (Node n : g.list(key)) {
      YamlMap r =
          YamlMap.of(
              source,
              n,
              "a security group rule",
              "protocol",
              "fromPort",
              "toPort",
              "peerGroupId",
              "cidr",
              "description",
              "tags");
      Rule rule = new Rule();
      rule.egress = egress;
      try {
        rule.protocol = SimEc2.normalizeProtocol(r.str("protocol", "tcp"));
      } catch (IllegalArgumentException e) {
        throw r.error("protocol", e.getMessage());
      }
      Long from = r.lng("fromPort", null);
      if (rule.protocol.equals("-1")) {
        rule.fromPort = -1;
        rule.toPort = -1;
      } else if (from == null) {
        throw WorldException.at(source, r.line(), "missing 'fromPort'");
      } else {
        rule.fromPort = from.intValue();
        rule.toPort = r.lng("toPort", from).intValue();
      }
      rule.peerGroupId = r.str("peerGroupId", null);
      rule.cidr = r.str("cidr", null);
      if ((rule.peerGroupId == null) == (rule.cidr == null)) {
        throw WorldException.at(
            source, r.line(), "a security group rule needs exactly one of peerGroupId and cidr");
      }
      rule.description = r.str("description", null);
      rule.tags.putAll(r.stringMap("tags"));
      addSeeded(sg, rule);
    }
  }

  private void addSeeded(SecurityGroup sg, Rule rule) {
    rule.groupId = sg.id;
    rule.id =
        Ids.derived(
            "sgr", sg.id + "/" + (rule.egress ? "egress" : "ingress") + "/" + sg.rules.size(), 17);
    sg.rules.add(rule);
  }

  private void loadFileSystem(YamlMap m) {
    FileSystem fs = new FileSystem();
    fs.id = unique(m, "id", world.fileSystems);
    fs.vpcId = m.str("vpcId");
    if (!world.vpcs.containsKey(fs.vpcId)) {
      throw m.error("vpcId", "file system " + fs.id + ": unknown vpc '" + fs.vpcId + "'");
    }
    fs.availabilityZone = m.str("availabilityZone", null);
    fs.availabilityZoneId = m.str("availabilityZoneId", null);
    if (fs.availabilityZone != null && fs.availabilityZoneId == null) {
      fs.availabilityZoneId =
          world.subnets.values().stream()
              .filter(s -> s.availabilityZone.equals(fs.availabilityZone))
              .map(s -> s.availabilityZoneId)
              .findFirst()
              .orElse(null);
    }
    fs.state = m.str("state", "available");
    fs.throughputMode = m.str("throughputMode", fs.throughputMode);
    if (!List.of("bursting", "elastic", "provisioned").contains(fs.throughputMode)) {
      throw m.error(
          "throughputMode",
          "file system "
              + fs.id
              + ": throughputMode must be bursting, elastic or provisioned, not '"
              + fs.throughputMode
              + "'");
    }
    fs.sizeInBytes = m.lng("sizeInBytes", fs.sizeInBytes);
    fs.created = now;
    fs.tags.putAll(m.stringMap("tags"));
    fs.policy = m.str("policy", null);
    if (fs.policy != null) {
      try {
        world.resourcePolicy(fs.policy);
      } catch (IllegalArgumentException e) {
        throw m.error("policy", "file system " + fs.id + ": " + e.getMessage());
      }
    }
    world.fileSystems.put(fs.id, fs);
    Map<String, String> azs = new HashMap<>();
    for (Node n : m.list("mountTargets")) {
      YamlMap t =
          YamlMap.of(
              source,
              n,
              "a mount target",
              "id",
              "subnetId",
              "securityGroupIds",
              "state",
              "ipAddress");
      MountTarget mt = new MountTarget();
      mt.fileSystemId = fs.id;
      mt.subnetId = t.str("subnetId");
      Subnet subnet = world.subnets.get(mt.subnetId);
      if (subnet == null) {
        throw t.error(
            "subnetId", "mount target of " + fs.id + ": unknown subnet '" + mt.subnetId + "'");
      }
      if (!subnet.vpcId.equals(fs.vpcId)) {
        throw t.error(
            "subnetId",
            "mount target of "
                + fs.id
                + ": subnet "
                + mt.subnetId
                + " is in "
                + subnet.vpcId
                + ", the file system in "
                + fs.vpcId);
      }
      if (fs.availabilityZone != null && !fs.availabilityZone.equals(subnet.availabilityZone)) {
        throw t.error(
            "subnetId",
            "One Zone file system "
                + fs.id
                + " can only have a mount target in "
                + fs.availabilityZone);
      }
      if (azs.put(subnet.availabilityZoneId, mt.subnetId) != null) {
        throw t.error(
            "subnetId",
            "file system "
                + fs.id
                + " already has a mount target in "
                + subnet.availabilityZone
                + " (one per availability zone)");
      }
      mt.id = t.str("id", Ids.derived("fsmt", fs.id + "/" + mt.subnetId, 17));
      if (world.mountTargets.containsKey(mt.id)) {
        throw t.error("id", "duplicate mount target id '" + mt.id + "'");
      }
      for (String sg : t.strings("securityGroupIds")) {
        SecurityGroup group = world.groups.get(sg);
        if (group == null) {
          throw t.error(
              "securityGroupIds",
              "mount target of " + fs.id + ": unknown security group '" + sg + "'");
        }
        if (!group.vpcId.equals(fs.vpcId)) {
          throw t.error("securityGroupIds", "security group " + sg + " is not in " + fs.vpcId);
        }
        mt.securityGroupIds.add(sg);
      }
      if (mt.securityGroupIds.isEmpty() || mt.securityGroupIds.size() > 5) {
        throw t.error("securityGroupIds", "a mount target needs 1 to 5 security groups");
      }
      mt.state = t.str("state", "available");
      String prefix = subnet.cidr.substring(0, subnet.cidr.lastIndexOf('.') + 1);
      mt.ipAddress = t.str("ipAddress", prefix + (100 + world.mountTargets.size()));
      mt.networkInterfaceId = Ids.derived("eni", mt.id, 17);
      world.mountTargets.put(mt.id, mt);
    }
    for (Node n : m.list("accessPoints")) {
      loadAccessPoint(
          fs,
          YamlMap.of(
              source,
              n,
              "an access point",
              "id",
              "clientToken",
              "posixUser",
              "rootDirectory",
              "tags",
              "state"));
    }
  }

  private void loadAccessPoint(FileSystem fs, YamlMap a) {
    AccessPoint ap = new AccessPoint();
    ap.fileSystemId = fs.id;
    ap.id = a.has("id") ? unique(a, "id", world.accessPoints) : world.ids.next("fsap", 17);
    YamlMap posix = a.map("posixUser", "posixUser", "uid", "gid", "secondaryGids");
    if (posix != null) {
      ap.uid = posix.lng("uid", 0L);
      ap.gid = posix.lng("gid", 0L);
      posix.strings("secondaryGids").forEach(g -> ap.secondaryGids.add(Long.parseLong(g)));
    }
    YamlMap root = a.map("rootDirectory", "rootDirectory", "path", "creationInfo");
    if (root != null) {
      ap.path = root.str("path", "/");
      YamlMap ci = root.map("creationInfo", "creationInfo", "ownerUid", "ownerGid", "permissions");
      if (ci != null) {
        ap.ownerUid = ci.lng("ownerUid", 0L);
        ap.ownerGid = ci.lng("ownerGid", 0L);
        ap.permissions = ci.str("permissions", "755");
      }
    }
    ap.tags.putAll(a.stringMap("tags"));
    ap.state = a.str("state", "available");
    ap.clientToken = a.str("clientToken", "world-" + ap.id);
    if (world.clientTokens.putIfAbsent(ap.clientToken, ap.id) != null) {
      throw a.error("clientToken", "clientToken '" + ap.clientToken + "' used twice");
    }
    world.accessPoints.put(ap.id, ap);
  }

  static <T> String unique(YamlMap m, String key, Map<String, T> existing) {
    String id = m.str(key);
    if (existing.containsKey(id)) {
      throw m.error(key, "duplicate " + key + " '" + id + "'");
    }
    return id;
  }
}
