package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.Partition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The mutable state of one account in one Region of the simulated AWS (a cell). The roles are the
 * account's, shared by its cells: IAM is global. Guarded by the lock of {@link Simulation}.
 */
final class World {
  final String account;
  final String region;
  private final Partition partition;

  final Ids ids = new Ids();
  final Map<String, Vpc> vpcs = new LinkedHashMap<>();
  final Map<String, Subnet> subnets = new LinkedHashMap<>();
  final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
  final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
  final Map<String, MountTarget> mountTargets = new LinkedHashMap<>();
  final Map<String, AccessPoint> accessPoints = new LinkedHashMap<>();

  /** EFS ClientToken -> access point id; tokens are unique per account and region. */
  final Map<String, String> clientTokens = new TreeMap<>();

  final Map<String, Function> functions = new LinkedHashMap<>();
  final Map<String, Role> roles;
  private final Map<String, IamPolicy> identityPolicies = new HashMap<>();
  private final Map<String, IamPolicy> resourcePolicies = new HashMap<>();

  World(String account, String region, Map<String, Role> roles) {
    this.account = account;
    this.region = region;
    this.partition = Partition.ofRegion(region);
    this.roles = roles;
  }

  /** A parsed identity policy; documents are parsed once (IllegalArgumentException if invalid). */
  IamPolicy identityPolicy(String document) {
    return identityPolicies.computeIfAbsent(document, IamPolicy::identity);
  }

  /** A parsed resource policy (a file system policy). */
  IamPolicy resourcePolicy(String document) {
    return resourcePolicies.computeIfAbsent(document, IamPolicy::resource);
  }

  static final class Vpc {
    String id;
    String cidr;

    /** Whether the VPC's main route table sends 0.0.0.0/0 to a NAT gateway. */
    boolean mainTableNatGateway;
  }

  static final class Subnet {
    String id;
    String vpcId;
    String availabilityZone;
    String availabilityZoneId;
    String cidr;

    /**
     * The subnet's own (explicitly associated) route table: whether it sends 0.0.0.0/0 to a NAT
     * gateway. Null: the subnet has no table of its own and uses its VPC's main route table.
     */
    Boolean natGateway;
  }

  static final class SecurityGroup {
    String id;
    String name;
    String description;
    String vpcId;
    final Map<String, String> tags = new TreeMap<>();
    final List<Rule> rules = new ArrayList<>();

    List<Rule> rules(boolean egress) {
      List<Rule> out = new ArrayList<>();
      for (Rule r : rules) {
        if (r.egress == egress) {
          out.add(r);
        }
      }
      return out;
    }
  }

  static final class Rule {
    String id;
    String groupId;
    boolean egress;

    /** "tcp", "udp", "icmp" or "-1" for all. */
    String protocol;

    int fromPort;
    int toPort;
    String peerGroupId;
    String cidr;
    String description;
    final Map<String, String> tags = new TreeMap<>();

    boolean sameAs(Rule o) {
      return egress == o.egress
          && protocol.equals(o.protocol)
          && fromPort == o.fromPort
          && toPort == o.toPort
          && Objects.equals(peerGroupId, o.peerGroupId)
          && Objects.equals(cidr, o.cidr);
    }
  }

  static final class FileSystem {
    String id;
    String vpcId;
    String availabilityZone;
    String availabilityZoneId;
    String state = "available";
    Instant created;

    /** bursting (the API's default), elastic or provisioned. */
    String throughputMode = "bursting";

    long sizeInBytes = 6144;
    final Map<String, String> tags = new TreeMap<>();

    /** The file system policy (JSON), or null: EFS then applies its default policy. */
    String policy;
  }

  static final class MountTarget {
    String id;
    String fileSystemId;
    String subnetId;
    String state = "available";
    String ipAddress;
    String networkInterfaceId;
    final List<String> securityGroupIds = new ArrayList<>();
  }

  static final class AccessPoint {
    String id;
    String fileSystemId;
    String clientToken;
    long uid;
    long gid;
    final List<Long> secondaryGids = new ArrayList<>();
    String path = "/";
    Long ownerUid;
    Long ownerGid;
    String permissions;
    String state = "available";

    /** While {@code state} is creating: when it becomes available. */
    Instant availableAt;

    final Map<String, String> tags = new LinkedHashMap<>();
  }

  static final class Function {
    String name;
    String roleName;
    String runtime = "python3.12";

    /** Seconds; Lambda's default is 3. */
    int timeout = 3;

    /** ReservedConcurrentExecutions; null = none (the account's unreserved pool). */
    Integer reservedConcurrency;

    /** Alias or version -> requested provisioned concurrent executions. */
    final Map<String, Integer> provisionedConcurrency = new TreeMap<>();

    String state = "Active";
    String stateReason;
    String stateReasonCode;
    String lastUpdateStatus = "Successful";
    String lastUpdateStatusReason;
    String lastUpdateStatusReasonCode;
    String revisionId;
    Instant lastModified;
    List<String> subnetIds = new ArrayList<>();
    List<String> securityGroupIds = new ArrayList<>();

    /** VpcConfig.Ipv6AllowedForDualStack: kept when an update leaves it out. */
    boolean ipv6AllowedForDualStack;

    List<FsConfig> fileSystemConfigs = new ArrayList<>();
    final Map<String, String> tags = new TreeMap<>();

    /** While an update is InProgress: when it completes, and how (null code = Successful). */
    Instant updateDoneAt;

    String pendingFailureCode;
    String pendingFailureReason;

    /** Set by the console: the next accepted update ends Failed with this code and reason. */
    String nextFailureCode;

    String nextFailureReason;
  }

  record FsConfig(String arn, String localMountPath) {}

  static final class Role {
    String name;
    Instant created;
    final List<String> allow = new ArrayList<>();
    final Map<String, String> tags = new TreeMap<>();

    /** Who may assume the role (JSON, a resource policy); null: nobody. */
    String trustPolicy;

    /** The role also carries the operator's identity policy (set up for the operator to assume). */
    boolean operatorPolicy;

    /** Inline policy name -> JSON document as put (what IAM's own API shows at once). */
    final Map<String, String> inlinePolicies = new TreeMap<>();

    /**
     * The inline policies other services see (Lambda's checks, EFS mounts): IAM is eventually
     * consistent, so a put or delete reaches them only at {@link Propagation#at}.
     */
    final Map<String, String> effectivePolicies = new TreeMap<>();

    final List<Propagation> propagating = new ArrayList<>();

    /** Records a put (document) or delete (null) that other services see from {@code at} on. */
    void change(String name, String document, Instant at) {
      if (document == null) {
        inlinePolicies.remove(name);
      } else {
        inlinePolicies.put(name, document);
      }
      propagating.add(new Propagation(at, name, document));
    }

    /** Resolves the lazy, clock-driven propagation of policy changes. */
    void resolve(Instant now) {
      propagating.removeIf(
          p -> {
            if (now.isBefore(p.at())) {
              return false;
            }
            if (p.document() == null) {
              effectivePolicies.remove(p.name());
            } else {
              effectivePolicies.put(p.name(), p.document());
            }
            return true;
          });
    }
  }

  record Propagation(Instant at, String name, String document) {}

  // ---- ARNs: every one in the partition of the region ----

  Partition partition() {
    return partition;
  }

  String functionArn(String name) {
    return partition().arn("lambda", region, account, "function:" + name);
  }

  String roleArn(String name) {
    return partition().arn("iam", "", account, "role/" + name);
  }

  String fileSystemArn(String id) {
    return partition().arn("elasticfilesystem", region, account, "file-system/" + id);
  }

  String accessPointArn(String id) {
    return partition().arn("elasticfilesystem", region, account, "access-point/" + id);
  }

  /** An EC2 resource: {@code ec2Arn("subnet", "subnet-1")}. */
  String ec2Arn(String type, String id) {
    return partition().arn("ec2", region, account, type + "/" + id);
  }

  /** The VPC of a function's subnets, or "" when it is not in a VPC. */
  String vpcOf(Function f) {
    for (String s : f.subnetIds) {
      Subnet subnet = subnets.get(s);
      if (subnet != null) {
        return subnet.vpcId;
      }
    }
    return "";
  }

  /** Resolves the lazy, clock-driven transitions of an access point. */
  void resolve(AccessPoint ap, Instant now) {
    if ("creating".equals(ap.state) && ap.availableAt != null && !now.isBefore(ap.availableAt)) {
      ap.state = "available";
      ap.availableAt = null;
    }
  }

  /** Resolves the lazy, clock-driven end of a function update. */
  void resolve(Function f, Instant now) {
    if ("InProgress".equals(f.lastUpdateStatus)
        && f.updateDoneAt != null
        && !now.isBefore(f.updateDoneAt)) {
      if (f.pendingFailureCode != null) {
        f.lastUpdateStatus = "Failed";
        f.lastUpdateStatusReasonCode = f.pendingFailureCode;
        f.lastUpdateStatusReason = f.pendingFailureReason;
      } else {
        f.lastUpdateStatus = "Successful";
        f.lastUpdateStatusReasonCode = null;
        f.lastUpdateStatusReason = null;
      }
      f.pendingFailureCode = null;
      f.pendingFailureReason = null;
      f.updateDoneAt = null;
      f.revisionId = UUID.randomUUID().toString();
    }
  }

  void resolveAll(Instant now) {
    accessPoints.values().forEach(ap -> resolve(ap, now));
    functions.values().forEach(f -> resolve(f, now));
    roles.values().forEach(r -> r.resolve(now));
  }
}
