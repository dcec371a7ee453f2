package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;

/**
 * The scenario {@link MotoConformanceTest} runs against moto and against the simulation: every EC2
 * and EFS operation the operator calls, with the filters and parameters it uses, and the errors it
 * relies on. It returns what a client can observe, with ids replaced by their role in the scenario
 * so that two accounts compare.
 */
final class ConformanceScenario {
  static final String OWNER_TAG = "lambdaefs.io/owner-uid";

  /** The objects the scenario starts from, made in moto or declared in the sim's world. */
  record Shape(
      String vpc,
      String implicitSubnet,
      String natSubnet,
      String lambdaGroup,
      String mountTargetGroup,
      String fullGroup,
      String fileSystem,
      String mountTarget) {

    Map<String, String> roles() {
      Map<String, String> roles = new LinkedHashMap<>();
      roles.put(vpc, "<vpc>");
      roles.put(implicitSubnet, "<subnet-main-table>");
      roles.put(natSubnet, "<subnet-own-table>");
      roles.put(lambdaGroup, "<lambda-sg>");
      roles.put(mountTargetGroup, "<mount-target-sg>");
      roles.put(fullGroup, "<full-sg>");
      roles.put(fileSystem, "<fs>");
      roles.put(mountTarget, "<mount-target>");
      return roles;
    }
  }

  /** The simulation's side of the shape: a world file. */
  static final String WORLD =
      """
      vpcs:
        - id: vpc-conformance
          cidrBlock: 10.0.0.0/16
          subnets:
            # no natGateway key: uses the main route table, like a new moto subnet
            - {id: subnet-conformance-a, availabilityZone: us-east-1a, availabilityZoneId: use1-az1, cidrBlock: 10.0.1.0/24}
            # a route table of its own, explicitly associated, 0.0.0.0/0 to a NAT gateway
            - {id: subnet-conformance-b, availabilityZone: us-east-1b, availabilityZoneId: use1-az2, cidrBlock: 10.0.2.0/24, natGateway: true}
          securityGroups:
            - {id: sg-0lambda, name: lambda}
            - {id: sg-0mount, name: mount-target}
            - {id: sg-0full, name: full}
      fileSystems:
        - id: fs-0conformance0001
          vpcId: vpc-conformance
          mountTargets:
            - {id: fsmt-0conformance0001, subnetId: subnet-conformance-a, securityGroupIds: [sg-0mount]}
      """;

  static final Shape SIM_SHAPE =
      new Shape(
          "vpc-conformance",
          "subnet-conformance-a",
          "subnet-conformance-b",
          "sg-0lambda",
          "sg-0mount",
          "sg-0full",
          "fs-0conformance0001",
          "fsmt-0conformance0001");

  private final Ec2Client ec2;
  private final EfsClient efs;
  private final Shape s;
  private final Map<String, String> roles;
  private final String owner;
  private final String heir;
  private final Map<String, String> seen = new LinkedHashMap<>();

  /**
   * @param run a suffix unique to this run: a moto server shared between runs keeps what earlier
   *     runs made, so tag values carry it
   */
  ConformanceScenario(Ec2Client ec2, EfsClient efs, Shape shape, String run) {
    this.ec2 = ec2;
    this.efs = efs;
    this.s = shape;
    this.owner = "owner-" + run;
    this.heir = "heir-" + run;
    this.roles = shape.roles();
    roles.put(owner, "<owner>");
    roles.put(heir, "<heir>");
  }

  /** Makes the shape in moto, as a user would with the AWS CLI. */
  static Shape inMoto(Ec2Client ec2, EfsClient efs) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String a =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String b =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
            .subnet()
            .subnetId();
    String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    String nat =
        ec2.createNatGateway(r -> r.subnetId(a).allocationId(allocation))
            .natGateway()
            .natGatewayId();
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(b));
    String lambda = group(ec2, vpc, "lambda-" + suffix);
    String mount = group(ec2, vpc, "mount-target-" + suffix);
    String full = group(ec2, vpc, "full-" + suffix);
    String fs = efs.createFileSystem(r -> r.creationToken("conformance-" + suffix)).fileSystemId();
    String mt =
        efs.createMountTarget(r -> r.fileSystemId(fs).subnetId(a).securityGroups(mount))
            .mountTargetId();
    return new Shape(vpc, a, b, lambda, mount, full, fs, mt);
  }

  private static String group(Ec2Client ec2, String vpc, String name) {
    return ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(name).description(name)).groupId();
  }

  Map<String, String> run() {
    subnets();
    rules();
    ruleLimit();
    routeTables();
    fileSystem();
    accessPoints();
    return seen;
  }

  // ---- EC2 ----

  private void subnets() {
    see(
        "DescribeSubnets by id",
        () ->
            ec2.describeSubnets(r -> r.subnetIds(s.implicitSubnet())).subnets().stream()
                .map(
                    x ->
                        "vpc="
                            + x.vpcId()
                            + " az="
                            + x.availabilityZone()
                            + " az-id="
                            + (x.availabilityZoneId() != null)
                            + " cidr="
                            + x.cidrBlock())
                .toList()
                .toString());
    outcome(
        "DescribeSubnets of an unknown id",
        () -> ec2.describeSubnets(r -> r.subnetIds("subnet-0000000000000dead")));
  }

  private void rules() {
    see("rules of a new group", () -> rulesWhere("group-id", s.lambdaGroup()));
    IpPermission fromLambda = nfs(s.lambdaGroup());
    see(
        "AuthorizeSecurityGroupIngress tagged at creation",
        () ->
            describe(
                ec2.authorizeSecurityGroupIngress(
                        r ->
                            r.groupId(s.mountTargetGroup())
                                .ipPermissions(fromLambda)
                                .tagSpecifications(ownedBy(owner)))
                    .securityGroupRules()));
    outcome(
        "AuthorizeSecurityGroupIngress of the same rule again",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).ipPermissions(fromLambda)));
    outcome(
        "AuthorizeSecurityGroupIngress into an unknown group",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId("sg-0000000000000dead").ipPermissions(fromLambda)));
    outcome(
        "AuthorizeSecurityGroupIngress from an unknown group",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).ipPermissions(nfs("sg-0000000000000dead"))));
    see(
        "AuthorizeSecurityGroupEgress tagged at creation",
        () ->
            describe(
                ec2.authorizeSecurityGroupEgress(
                        r ->
                            r.groupId(s.lambdaGroup())
                                .ipPermissions(nfs(s.mountTargetGroup()))
                                .tagSpecifications(ownedBy(owner)))
                    .securityGroupRules()));
    see(
        "DescribeSecurityGroupRules group-id of the mount target's group",
        () -> rulesWhere("group-id", s.mountTargetGroup()));
    see("DescribeSecurityGroupRules tag:owner-uid", () -> rulesWhere("tag:" + OWNER_TAG, owner));

    List<SecurityGroupRule> owned = rules(Filter.builder().name("tag:" + OWNER_TAG).values(owner));
    String ingress =
        owned.stream().filter(r -> !r.isEgress()).findFirst().orElseThrow().securityGroupRuleId();
    String egress =
        owned.stream()
            .filter(SecurityGroupRule::isEgress)
            .findFirst()
            .orElseThrow()
            .securityGroupRuleId();
    outcome(
        "CreateTags hands a rule over",
        () -> ec2.createTags(r -> r.resources(ingress).tags(t -> t.key(OWNER_TAG).value(heir))));
    see(
        "DescribeSecurityGroupRules tag:owner-uid of the heir",
        () -> rulesWhere("tag:" + OWNER_TAG, heir));
    see(
        "DescribeSecurityGroupRules tag:owner-uid after the hand-over",
        () -> rulesWhere("tag:" + OWNER_TAG, owner));
    see(
        "RevokeSecurityGroupIngress by rule id",
        () ->
            ec2.revokeSecurityGroupIngress(
                    r -> r.groupId(s.mountTargetGroup()).securityGroupRuleIds(ingress))
                .returnValue()
                .toString());
    see(
        "RevokeSecurityGroupEgress by rule id",
        () ->
            ec2.revokeSecurityGroupEgress(
                    r -> r.groupId(s.lambdaGroup()).securityGroupRuleIds(egress))
                .returnValue()
                .toString());
    outcome(
        "RevokeSecurityGroupIngress of a rule already revoked",
        () ->
            ec2.revokeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).securityGroupRuleIds(ingress)));
    see(
        "rules left after the revokes",
        () ->
            rulesWhere("group-id", s.mountTargetGroup())
                + " | "
                + rulesWhere("group-id", s.lambdaGroup()));
  }

  /** 60 inbound rules fit in a group, the 61st does not; the operator reads the rules in pages. */
  private void ruleLimit() {
    int accepted = 0;
    String refused = "none";
    for (int port = 3000; port < 3061; port++) {
      int p = port;
      try {
        ec2.authorizeSecurityGroupIngress(
            r ->
                r.groupId(s.fullGroup())
                    .ipPermissions(
                        x ->
                            x.ipProtocol("tcp")
                                .fromPort(p)
                                .toPort(p)
                                .ipRanges(i -> i.cidrIp("10.9.0.0/16"))));
        accepted++;
      } catch (AwsServiceException e) {
        refused = error(e);
        break;
      }
    }
    seen.put("61 inbound rules into one group", accepted + " accepted, then " + refused);
    see(
        "DescribeSecurityGroupRules MaxResults 5 of a full group",
        () -> {
          var page =
              ec2.describeSecurityGroupRules(
                  r -> r.filters(f -> f.name("group-id").values(s.fullGroup())).maxResults(5));
          return paged(page.securityGroupRules().size(), 5, page.nextToken());
        });
    see(
        "DescribeSecurityGroupRules of a full group, every page",
        () ->
            String.valueOf(
                ec2
                    .describeSecurityGroupRulesPaginator(
                        r -> r.filters(f -> f.name("group-id").values(s.fullGroup())).maxResults(5))
                    .securityGroupRules()
                    .stream()
                    .count()));
  }

  private void routeTables() {
    see(
        "DescribeRouteTables association.subnet-id of both subnets",
        () ->
            tables(
                Filter.builder()
                    .name("association.subnet-id")
                    .values(s.implicitSubnet(), s.natSubnet())
                    .build()));
    see(
        "DescribeRouteTables vpc-id and association.main true",
        () ->
            tables(
                Filter.builder().name("vpc-id").values(s.vpc()).build(),
                Filter.builder().name("association.main").values("true").build()));
    see(
        "DescribeRouteTables vpc-id and association.main false",
        () ->
            tables(
                Filter.builder().name("vpc-id").values(s.vpc()).build(),
                Filter.builder().name("association.main").values("false").build()));
  }

  // ---- EFS ----

  private void fileSystem() {
    see(
        "DescribeFileSystems by id",
        () ->
            efs.describeFileSystems(r -> r.fileSystemId(s.fileSystem())).fileSystems().stream()
                .map(
                    fs ->
                        "state="
                            + fs.lifeCycleStateAsString()
                            + " mountTargets="
                            + fs.numberOfMountTargets()
                            + " arn="
                            + fs.fileSystemArn().replaceAll(":\\d{12}:", ":<account>:"))
                .toList()
                .toString());
    outcome(
        "DescribeFileSystems of an unknown id",
        () -> efs.describeFileSystems(r -> r.fileSystemId("fs-0000000000000dead")));
    see(
        "DescribeMountTargets by file system",
        () ->
            efs.describeMountTargets(r -> r.fileSystemId(s.fileSystem())).mountTargets().stream()
                .map(
                    mt ->
                        mt.mountTargetId()
                            + " subnet="
                            + mt.subnetId()
                            + " vpc="
                            + mt.vpcId()
                            + " state="
                            + mt.lifeCycleStateAsString()
                            + " az="
                            + mt.availabilityZoneName()
                            + " az-id="
                            + (mt.availabilityZoneId() != null)
                            + " ip="
                            + (mt.ipAddress() != null))
                .toList()
                .toString());
    outcome(
        "DescribeMountTargets of an unknown file system",
        () -> efs.describeMountTargets(r -> r.fileSystemId("fs-0000000000000dead")));
    see(
        "DescribeMountTargetSecurityGroups",
        () ->
            efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(s.mountTarget()))
                .securityGroups()
                .toString());
    outcome(
        "DescribeMountTargetSecurityGroups of an unknown mount target",
        () ->
            efs.describeMountTargetSecurityGroups(r -> r.mountTargetId("fsmt-0000000000000dead")));
  }

  private void accessPoints() {
    String token = "conformance-" + UUID.randomUUID();
    var created = efs.createAccessPoint(accessPoint(token, s.fileSystem()));
    String first = created.accessPointId();
    roles.put(first, "<access-point>");
    seen.put("CreateAccessPoint answers the state", created.lifeCycleStateAsString());
    see(
        "DescribeAccessPoints by id",
        () ->
            efs.describeAccessPoints(r -> r.accessPointId(first)).accessPoints().stream()
                .map(ConformanceScenario::describe)
                .toList()
                .toString());
    try {
      efs.createAccessPoint(accessPoint(token, s.fileSystem()));
      seen.put("CreateAccessPoint again with the same ClientToken", "accepted");
    } catch (AccessPointAlreadyExistsException e) {
      seen.put(
          "CreateAccessPoint again with the same ClientToken",
          error(e) + " carries the first id=" + first.equals(e.accessPointId()));
    }
    for (int i = 0; i < 2; i++) {
      efs.createAccessPoint(accessPoint("conformance-" + UUID.randomUUID(), s.fileSystem()));
    }
    see(
        "DescribeAccessPoints by file system, MaxResults 2 of 3 or more",
        () -> {
          var page = efs.describeAccessPoints(r -> r.fileSystemId(s.fileSystem()).maxResults(2));
          return paged(page.accessPoints().size(), 2, page.nextToken());
        });
    see(
        "CreateAccessPoint on an unknown file system",
        () ->
            efs.createAccessPoint(
                    accessPoint("conformance-" + UUID.randomUUID(), "fs-0000000000000dead"))
                .lifeCycleStateAsString());
    outcome(
        "DescribeAccessPoints of an unknown file system",
        () -> efs.describeAccessPoints(r -> r.fileSystemId("fs-0000000000000dead")));
    outcome(
        "DescribeAccessPoints of an unknown id",
        () -> efs.describeAccessPoints(r -> r.accessPointId("fsap-00000000000000000")));
    outcome("DeleteAccessPoint", () -> efs.deleteAccessPoint(r -> r.accessPointId(first)));
    outcome(
        "DescribeAccessPoints of a deleted id",
        () -> efs.describeAccessPoints(r -> r.accessPointId(first)));
    outcome(
        "DeleteAccessPoint of an unknown id",
        () -> efs.deleteAccessPoint(r -> r.accessPointId("fsap-00000000000000000")));
  }

  // ---- helpers ----

  /** Records what the call answered, with ids replaced by roles, or its error. */
  private void see(String what, Supplier<String> call) {
    String answer;
    try {
      answer = call.get();
    } catch (AwsServiceException e) {
      answer = error(e);
    }
    seen.put(what, roles(answer));
  }

  /** Records "ok" for a call whose answer has nothing to compare, or its error. */
  private void outcome(String what, Runnable call) {
    see(
        what,
        () -> {
          call.run();
          return "ok";
        });
  }

  private static String paged(int size, int maxResults, String nextToken) {
    boolean next = nextToken != null && !nextToken.isEmpty();
    return size > maxResults
        ? "MaxResults ignored: " + (next ? "more than asked, and a next page" : "all at once")
        : size + " on the first page, next page: " + next;
  }

  private String roles(String text) {
    String out = text;
    for (Map.Entry<String, String> r : roles.entrySet()) {
      out = out.replace(r.getKey(), r.getValue());
    }
    return out;
  }

  static String error(AwsServiceException e) {
    return e.getClass().getSimpleName()
        + " "
        + e.awsErrorDetails().errorCode()
        + " "
        + e.statusCode();
  }

  private static IpPermission nfs(String peer) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(2049)
        .toPort(2049)
        .userIdGroupPairs(u -> u.groupId(peer))
        .build();
  }

  private static TagSpecification ownedBy(String owner) {
    return TagSpecification.builder()
        .resourceType(ResourceType.SECURITY_GROUP_RULE)
        .tags(t -> t.key(OWNER_TAG).value(owner))
        .build();
  }

  private List<SecurityGroupRule> rules(Filter.Builder filter) {
    return ec2
        .describeSecurityGroupRulesPaginator(r -> r.filters(filter.build()).maxResults(1000))
        .securityGroupRules()
        .stream()
        .toList();
  }

  private String rulesWhere(String filter, String value) {
    return describe(rules(Filter.builder().name(filter).values(value)));
  }

  /** Rules in a stable order, ids only as "sgr-". */
  private static String describe(List<SecurityGroupRule> rules) {
    List<String> out = new ArrayList<>();
    for (SecurityGroupRule r : rules) {
      Map<String, String> tags = new TreeMap<>();
      r.tags().forEach(t -> tags.put(t.key(), t.value()));
      out.add(
          (r.securityGroupRuleId().startsWith("sgr-") ? "sgr-" : r.securityGroupRuleId())
              + " group="
              + r.groupId()
              + " egress="
              + r.isEgress()
              + " protocol="
              + r.ipProtocol()
              + " ports="
              + r.fromPort()
              + ".."
              + r.toPort()
              + " peer="
              + (r.referencedGroupInfo() == null ? r.cidrIpv4() : r.referencedGroupInfo().groupId())
              + " tags="
              + tags);
    }
    return out.stream().sorted().toList().toString();
  }

  private String tables(Filter... filters) {
    List<String> out = new ArrayList<>();
    for (RouteTable t : ec2.describeRouteTables(r -> r.filters(filters)).routeTables()) {
      List<String> routes =
          t.routes().stream()
              .map(
                  r ->
                      r.destinationCidrBlock()
                          + " -> "
                          + (r.natGatewayId() != null ? "nat-" : r.gatewayId())
                          + " "
                          + r.stateAsString()
                          + " "
                          + r.originAsString())
              .sorted()
              .toList();
      List<String> associations =
          t.associations().stream()
              .map(a -> "main=" + a.main() + " subnet=" + a.subnetId())
              .sorted()
              .toList();
      out.add("routes " + routes + " associations " + associations);
    }
    return out.stream().sorted().toList().toString();
  }

  private static CreateAccessPointRequest accessPoint(String token, String fileSystem) {
    return CreateAccessPointRequest.builder()
        .clientToken(token)
        .fileSystemId(fileSystem)
        .posixUser(p -> p.uid(1000L).gid(1000L))
        .rootDirectory(d -> d.path("/conformance"))
        .tags(t -> t.key(OWNER_TAG).value("conformance"))
        .build();
  }

  private static String describe(AccessPointDescription ap) {
    return ap.accessPointId()
        + " fs="
        + ap.fileSystemId()
        + " posix="
        + ap.posixUser().uid()
        + ":"
        + ap.posixUser().gid()
        + " root="
        + ap.rootDirectory().path()
        + " tags="
        + ap.tags().stream().map(t -> t.key() + "=" + t.value()).sorted().toList()
        + " arn="
        + ap.accessPointArn()
            .replaceAll(":\\d{12}:", ":<account>:")
            .replace(ap.accessPointId(), "<id>");
  }
}
