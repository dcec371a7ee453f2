package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.EC2;

import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import io.lambdaefs.operator.aws.sim.World.Subnet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressResponse;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.ReferencedSecurityGroup;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressResponse;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** The simulated EC2 API: subnets, security groups and their rules, route tables. */
final class SimEc2 implements Ec2Client {
  private final SimulatedAws sim;
  private final World world;
  private final Ec2Rules rules;

  SimEc2(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
    this.rules = new Ec2Rules(world);
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  @Override
  public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
    return sim.call(
        EC2,
        "DescribeSubnets",
        request,
        () -> {
          List<Subnet> subnets = new ArrayList<>();
          if (request.hasSubnetIds()) {
            for (String id : request.subnetIds()) {
              Subnet s = world.subnets.get(id);
              if (s == null) {
                throw error(
                    "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
              }
              subnets.add(s);
            }
          } else {
            subnets.addAll(world.subnets.values());
          }
          Filters filters =
              new Filters(request.filters(), "vpc-id", "subnet-id", "availability-zone");
          List<software.amazon.awssdk.services.ec2.model.Subnet> out = new ArrayList<>();
          for (Subnet s : subnets) {
            if (filters.matches("vpc-id", s.vpcId)
                && filters.matches("subnet-id", s.id)
                && filters.matches("availability-zone", s.availabilityZone)) {
              out.add(
                  software.amazon.awssdk.services.ec2.model.Subnet.builder()
                      .subnetId(s.id)
                      .vpcId(s.vpcId)
                      .availabilityZone(s.availabilityZone)
                      .availabilityZoneId(s.availabilityZoneId)
                      .cidrBlock(s.cidr)
                      .state("available")
                      .ownerId(world.account)
                      .subnetArn(world.ec2Arn("subnet", s.id))
                      .availableIpAddressCount(250)
                      .mapPublicIpOnLaunch(false)
                      .defaultForAz(false)
                      .build());
            }
          }
          return DescribeSubnetsResponse.builder().subnets(out).build();
        });
  }

  @Override
  public DescribeSecurityGroupsResponse describeSecurityGroups(
      DescribeSecurityGroupsRequest request) {
    return sim.call(
        EC2,
        "DescribeSecurityGroups",
        request,
        () -> {
          List<SecurityGroup> groups = new ArrayList<>();
          if (request.hasGroupIds()) {
            for (String id : request.groupIds()) {
              groups.add(group(id));
            }
          } else {
            groups.addAll(world.groups.values());
          }
          Filters filters = new Filters(request.filters(), "vpc-id", "group-id", "group-name");
          List<software.amazon.awssdk.services.ec2.model.SecurityGroup> out = new ArrayList<>();
          for (SecurityGroup g : groups) {
            if (filters.matches("vpc-id", g.vpcId)
                && filters.matches("group-id", g.id)
                && filters.matches("group-name", g.name)) {
              out.add(
                  software.amazon.awssdk.services.ec2.model.SecurityGroup.builder()
                      .groupId(g.id)
                      .groupName(g.name)
                      .description(g.description)
                      .vpcId(g.vpcId)
                      .ownerId(world.account)
                      .ipPermissions(permissions(g.rules(false)))
                      .ipPermissionsEgress(permissions(g.rules(true)))
                      .build());
            }
          }
          return DescribeSecurityGroupsResponse.builder().securityGroups(out).build();
        });
  }

  @Override
  public DescribeSecurityGroupRulesResponse describeSecurityGroupRules(
      DescribeSecurityGroupRulesRequest request) {
    return sim.call(
        EC2,
        "DescribeSecurityGroupRules",
        request,
        () -> {
          Filters filters =
              new Filters(
                  request.filters(), "group-id", "security-group-rule-id", "tag-key", "tag:*");
          if (request.hasSecurityGroupRuleIds()) {
            for (String id : request.securityGroupRuleIds()) {
              if (world.groups.values().stream()
                  .noneMatch(g -> g.rules.stream().anyMatch(r -> r.id.equals(id)))) {
                throw error(
                    "InvalidSecurityGroupRuleId.NotFound",
                    "The security group rule ID '" + id + "' does not exist");
              }
            }
          }
          List<Rule> matching = new ArrayList<>();
          for (SecurityGroup g : world.groups.values()) {
            for (Rule r : g.rules) {
              boolean idOk =
                  !request.hasSecurityGroupRuleIds()
                      || request.securityGroupRuleIds().contains(r.id);
              if (idOk
                  && filters.matches("group-id", r.groupId)
                  && filters.matches("security-group-rule-id", r.id)
                  && filters.matchesTags(r.tags)) {
                matching.add(r);
              }
            }
          }
          int max = request.maxResults() == null ? 1000 : request.maxResults();
          if (max < 5 || max > 1000) {
            throw error(
                "InvalidParameterValue",
                "Value ( "
                    + max
                    + " ) for parameter maxResults is invalid."
                    + " Parameter must be between 5 and 1000.");
          }
          Paging.Page<Rule> page =
              Paging.page(
                  matching,
                  r -> r.id,
                  request.nextToken(),
                  max,
                  () -> error("InvalidPaginationToken", "Invalid pagination token"));
          List<SecurityGroupRule> out = new ArrayList<>();
          page.items().forEach(r -> out.add(rule(world, r)));
          return DescribeSecurityGroupRulesResponse.builder()
              .securityGroupRules(out)
              .nextToken(page.nextToken())
              .build();
        });
  }

  @Override
  public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(
      AuthorizeSecurityGroupIngressRequest r) {
    return sim.call(
        EC2,
        "AuthorizeSecurityGroupIngress",
        r,
        () ->
            AuthorizeSecurityGroupIngressResponse.builder()
                .returnValue(true)
                .securityGroupRules(
                    rules.authorize(
                        group(r.groupId()), false, r.ipPermissions(), r.tagSpecifications()))
                .build());
  }

  @Override
  public AuthorizeSecurityGroupEgressResponse authorizeSecurityGroupEgress(
      AuthorizeSecurityGroupEgressRequest r) {
    return sim.call(
        EC2,
        "AuthorizeSecurityGroupEgress",
        r,
        () ->
            AuthorizeSecurityGroupEgressResponse.builder()
                .returnValue(true)
                .securityGroupRules(
                    rules.authorize(
                        group(r.groupId()), true, r.ipPermissions(), r.tagSpecifications()))
                .build());
  }

  /** Tags on security-group rules (the only resource type the operator tags through EC2). */
  @Override
  public CreateTagsResponse createTags(CreateTagsRequest r) {
    return sim.call(
        EC2,
        "CreateTags",
        r,
        () -> {
          for (String id : r.resources()) {
            World.Rule rule =
                world.groups.values().stream()
                    .flatMap(g -> g.rules.stream())
                    .filter(x -> id.equals(x.id))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            error(
                                "InvalidSecurityGroupRuleId.NotFound",
                                "The security group rule ID '" + id + "' does not exist"));
            r.tags().forEach(t -> rule.tags.put(t.key(), t.value()));
          }
          return CreateTagsResponse.builder().build();
        });
  }

  @Override
  public RevokeSecurityGroupIngressResponse revokeSecurityGroupIngress(
      RevokeSecurityGroupIngressRequest r) {
    return sim.call(
        EC2,
        "RevokeSecurityGroupIngress",
        r,
        () -> {
          Ec2Rules.Revoked revoked =
              rules.revoke(group(r.groupId()), false, r.securityGroupRuleIds(), r.ipPermissions());
          return RevokeSecurityGroupIngressResponse.builder()
              .returnValue(true)
              .revokedSecurityGroupRules(revoked.rules())
              .unknownIpPermissions(revoked.unknown())
              .build();
        });
  }

  @Override
  public RevokeSecurityGroupEgressResponse revokeSecurityGroupEgress(
      RevokeSecurityGroupEgressRequest r) {
    return sim.call(
        EC2,
        "RevokeSecurityGroupEgress",
        r,
        () -> {
          Ec2Rules.Revoked revoked =
              rules.revoke(group(r.groupId()), true, r.securityGroupRuleIds(), r.ipPermissions());
          return RevokeSecurityGroupEgressResponse.builder()
              .returnValue(true)
              .revokedSecurityGroupRules(revoked.rules())
              .unknownIpPermissions(revoked.unknown())
              .build();
        });
  }

  @Override
  public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest request) {
    return sim.call(EC2, "DescribeRouteTables", request, () -> Ec2Routes.describe(world, request));
  }

  // ---- shared helpers ----

  private SecurityGroup group(String id) {
    SecurityGroup g = id == null ? null : world.groups.get(id);
    if (g == null) {
      throw error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
    }
    return g;
  }

  static RuntimeException error(String code, String message) {
    return EC2.error(Ec2Exception.builder(), code, 400, message);
  }

  static String normalizeProtocol(String protocol) {
    switch (protocol == null ? "" : protocol.toLowerCase(Locale.ROOT)) {
      case "tcp":
      case "6":
        return "tcp";
      case "udp":
      case "17":
        return "udp";
      case "icmp":
      case "1":
        return "icmp";
      case "-1":
      case "all":
        return "-1";
      default:
        throw new IllegalArgumentException(
            "unknown protocol '" + protocol + "' (use tcp, udp, icmp or -1)");
    }
  }

  static SecurityGroupRule rule(World world, Rule r) {
    List<Tag> tags = new ArrayList<>();
    r.tags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
    return SecurityGroupRule.builder()
        .securityGroupRuleId(r.id)
        .groupId(r.groupId)
        .groupOwnerId(world.account)
        .isEgress(r.egress)
        .ipProtocol(r.protocol)
        .fromPort(r.fromPort)
        .toPort(r.toPort)
        .cidrIpv4(r.cidr)
        .referencedGroupInfo(
            r.peerGroupId == null
                ? null
                : ReferencedSecurityGroup.builder()
                    .groupId(r.peerGroupId)
                    .userId(world.account)
                    .build())
        .description(r.description)
        .tags(tags)
        .securityGroupRuleArn(world.ec2Arn("security-group-rule", r.id))
        .build();
  }

  /** AWS's grouped view of rules: one IpPermission per protocol and port range. */
  private List<IpPermission> permissions(List<Rule> rules) {
    Map<String, IpPermission.Builder> byKey = new LinkedHashMap<>();
    Map<String, List<UserIdGroupPair>> pairs = new LinkedHashMap<>();
    Map<String, List<IpRange>> ranges = new LinkedHashMap<>();
    for (Rule r : rules) {
      String key = r.protocol + "/" + r.fromPort + "/" + r.toPort;
      byKey.computeIfAbsent(
          key,
          k -> {
            IpPermission.Builder b = IpPermission.builder().ipProtocol(r.protocol);
            if (!r.protocol.equals("-1")) {
              b.fromPort(r.fromPort).toPort(r.toPort);
            }
            return b;
          });
      if (r.peerGroupId != null) {
        pairs
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(
                UserIdGroupPair.builder()
                    .groupId(r.peerGroupId)
                    .userId(world.account)
                    .description(r.description)
                    .build());
      } else {
        ranges
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(IpRange.builder().cidrIp(r.cidr).description(r.description).build());
      }
    }
    List<IpPermission> out = new ArrayList<>();
    byKey.forEach(
        (k, b) ->
            out.add(
                b.userIdGroupPairs(pairs.getOrDefault(k, List.of()))
                    .ipRanges(ranges.getOrDefault(k, List.of()))
                    .build()));
    return out;
  }
}
