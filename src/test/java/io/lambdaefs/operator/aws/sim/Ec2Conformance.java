package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The EC2 half of the conformance scenario: what the operator calls, with the filters and
 * parameters it uses (subnets, security-group rules tagged at creation, found by group and by tag,
 * handed over, revoked, the rule limit, paging) and route tables by subnet and the main table.
 */
final class Ec2Conformance {
  static final String OWNER_TAG = "lambdaefs.io/owner-uid";

  private final Ec2Client ec2;
  private final ConformanceShape s;
  private final Observations seen;
  private final String owner;
  private final String heir;

  /**
   * @param run a suffix unique to this run: a moto server shared between runs keeps what earlier
   *     runs made, so tag values carry it
   */
  Ec2Conformance(Ec2Client ec2, ConformanceShape shape, Observations seen, String run) {
    this.ec2 = ec2;
    this.s = shape;
    this.seen = seen;
    this.owner = "owner-" + run;
    this.heir = "heir-" + run;
    seen.role(owner, "<owner>");
    seen.role(heir, "<heir>");
  }

  void run() {
    subnets();
    rules();
    ruleLimit();
    routeTables();
  }

  private void subnets() {
    seen.see(
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
    seen.outcome(
        "DescribeSubnets of an unknown id",
        () -> ec2.describeSubnets(r -> r.subnetIds("subnet-0000000000000dead")));
  }

  private void rules() {
    seen.see("rules of a new group", () -> rulesWhere("group-id", s.lambdaGroup()));
    IpPermission fromLambda = nfs(s.lambdaGroup());
    seen.see(
        "AuthorizeSecurityGroupIngress tagged at creation",
        () ->
            describe(
                ec2.authorizeSecurityGroupIngress(
                        r ->
                            r.groupId(s.mountTargetGroup())
                                .ipPermissions(fromLambda)
                                .tagSpecifications(ownedBy(owner)))
                    .securityGroupRules()));
    seen.outcome(
        "AuthorizeSecurityGroupIngress of the same rule again",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).ipPermissions(fromLambda)));
    seen.outcome(
        "AuthorizeSecurityGroupIngress into an unknown group",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId("sg-0000000000000dead").ipPermissions(fromLambda)));
    seen.outcome(
        "AuthorizeSecurityGroupIngress from an unknown group",
        () ->
            ec2.authorizeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).ipPermissions(nfs("sg-0000000000000dead"))));
    seen.see(
        "AuthorizeSecurityGroupEgress tagged at creation",
        () ->
            describe(
                ec2.authorizeSecurityGroupEgress(
                        r ->
                            r.groupId(s.lambdaGroup())
                                .ipPermissions(nfs(s.mountTargetGroup()))
                                .tagSpecifications(ownedBy(owner)))
                    .securityGroupRules()));
    seen.see(
        "DescribeSecurityGroupRules group-id of the mount target's group",
        () -> rulesWhere("group-id", s.mountTargetGroup()));
    seen.see(
        "DescribeSecurityGroupRules tag:owner-uid", () -> rulesWhere("tag:" + OWNER_TAG, owner));

    List<SecurityGroupRule> owned = rules(Filter.builder().name("tag:" + OWNER_TAG).values(owner));
    String ingress =
        owned.stream().filter(r -> !r.isEgress()).findFirst().orElseThrow().securityGroupRuleId();
    String egress =
        owned.stream()
            .filter(SecurityGroupRule::isEgress)
            .findFirst()
            .orElseThrow()
            .securityGroupRuleId();
    seen.outcome(
        "CreateTags hands a rule over",
        () -> ec2.createTags(r -> r.resources(ingress).tags(t -> t.key(OWNER_TAG).value(heir))));
    seen.see(
        "DescribeSecurityGroupRules tag:owner-uid of the heir",
        () -> rulesWhere("tag:" + OWNER_TAG, heir));
    seen.see(
        "DescribeSecurityGroupRules tag:owner-uid after the hand-over",
        () -> rulesWhere("tag:" + OWNER_TAG, owner));
    seen.see(
        "RevokeSecurityGroupIngress by rule id",
        () ->
            ec2.revokeSecurityGroupIngress(
                    r -> r.groupId(s.mountTargetGroup()).securityGroupRuleIds(ingress))
                .returnValue()
                .toString());
    seen.see(
        "RevokeSecurityGroupEgress by rule id",
        () ->
            ec2.revokeSecurityGroupEgress(
                    r -> r.groupId(s.lambdaGroup()).securityGroupRuleIds(egress))
                .returnValue()
                .toString());
    seen.outcome(
        "RevokeSecurityGroupIngress of a rule already revoked",
        () ->
            ec2.revokeSecurityGroupIngress(
                r -> r.groupId(s.mountTargetGroup()).securityGroupRuleIds(ingress)));
    seen.see(
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
        refused = Observations.error(e);
        break;
      }
    }
    seen.put("61 inbound rules into one group", accepted + " accepted, then " + refused);
    seen.see(
        "DescribeSecurityGroupRules MaxResults 5 of a full group",
        () -> {
          var page =
              ec2.describeSecurityGroupRules(
                  r -> r.filters(f -> f.name("group-id").values(s.fullGroup())).maxResults(5));
          return Observations.paged(page.securityGroupRules().size(), 5, page.nextToken());
        });
    seen.see(
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
    seen.see(
        "DescribeRouteTables association.subnet-id of both subnets",
        () ->
            tables(
                Filter.builder()
                    .name("association.subnet-id")
                    .values(s.implicitSubnet(), s.natSubnet())
                    .build()));
    seen.see(
        "DescribeRouteTables vpc-id and association.main true",
        () ->
            tables(
                Filter.builder().name("vpc-id").values(s.vpc()).build(),
                Filter.builder().name("association.main").values("true").build()));
    seen.see(
        "DescribeRouteTables vpc-id and association.main false",
        () ->
            tables(
                Filter.builder().name("vpc-id").values(s.vpc()).build(),
                Filter.builder().name("association.main").values("false").build()));
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

  /**
   * Rules in an order that does not depend on ids (direction, protocol and ports first), ids only
   * as "sgr-".
   */
  private static String describe(List<SecurityGroupRule> rules) {
    List<String> out = new ArrayList<>();
    for (SecurityGroupRule r : rules) {
      Map<String, String> tags = new TreeMap<>();
      r.tags().forEach(t -> tags.put(t.key(), t.value()));
      out.add(
          (r.securityGroupRuleId().startsWith("sgr-") ? "sgr-" : r.securityGroupRuleId())
              + " egress="
              + r.isEgress()
              + " protocol="
              + r.ipProtocol()
              + " ports="
              + r.fromPort()
              + ".."
              + r.toPort()
              + " group="
              + r.groupId()
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
}
