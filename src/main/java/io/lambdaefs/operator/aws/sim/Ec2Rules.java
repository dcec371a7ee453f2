package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.SimEc2.error;

import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RevokedSecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Authorize and revoke security group rules with EC2's duplicate, limit and not-found errors. */
final class Ec2Rules {
  static final int RULES_PER_DIRECTION = 60;

  record Revoked(List<RevokedSecurityGroupRule> rules, List<IpPermission> unknown) {}

  private final World world;

  Ec2Rules(World world) {
    this.world = world;
  }

  List<SecurityGroupRule> authorize(
      SecurityGroup g,
      boolean egress,
      List<IpPermission> permissions,
      List<TagSpecification> tagSpecs) {
    if (permissions == null || permissions.isEmpty()) {
      throw error("MissingParameter", "The request must contain the parameter ipPermissions");
    }
    List<Rule> added = new ArrayList<>();
    for (IpPermission p : permissions) {
      added.addAll(expand(g.id, egress, p));
    }
    for (TagSpecification spec : tagSpecs == null ? List.<TagSpecification>of() : tagSpecs) {
      if (!"security-group-rule".equals(spec.resourceTypeAsString())) {
        throw error(
            "InvalidParameterValue",
            "'"
                + spec.resourceTypeAsString()
                + "' is not a valid taggable"
                + " resource type for this operation.");
      }
      for (Tag t : spec.tags()) {
        added.forEach(r -> r.tags.put(t.key(), t.value()));
      }
    }
    List<Rule> existing = g.rules(egress);
    for (int i = 0; i < added.size(); i++) {
      Rule r = added.get(i);
      boolean duplicate =
          existing.stream().anyMatch(r::sameAs) || added.subList(0, i).stream().anyMatch(r::sameAs);
      if (duplicate) {
        throw error(
            "InvalidPermission.Duplicate",
            "the specified rule \"peer: "
                + (r.peerGroupId != null ? r.peerGroupId : r.cidr)
                + ", "
                + describeProtocol(r)
                + ", ALLOW\" already exists");
      }
    }
    if (existing.size() + added.size() > RULES_PER_DIRECTION) {
      throw error(
          "RulesPerSecurityGroupLimitExceeded",
          "The maximum number of rules per security group has been" + " reached.");
    }
    List<SecurityGroupRule> out = new ArrayList<>();
    for (Rule r : added) {
      String id;
      do {
        id = world.ids.next("sgr", 17);
      } while (ruleExists(id));
      r.id = id;
      g.rules.add(r);
      out.add(SimEc2.rule(world, r));
    }
    return out;
  }

  private boolean ruleExists(String id) {
    return world.groups.values().stream()
        .anyMatch(g -> g.rules.stream().anyMatch(r -> r.id.equals(id)));
  }

  private static String describeProtocol(Rule r) {
    if (r.protocol.equals("-1")) {
      return "ALL";
    }
    return r.protocol.toUpperCase(Locale.ROOT)
        + ", from port: "
        + r.fromPort
        + ", to port: "
        + r.toPort;
  }

  private List<Rule> expand(String groupId, boolean egress, IpPermission p) {
    String protocol;
    try {
      protocol = SimEc2.normalizeProtocol(p.ipProtocol());
    } catch (IllegalArgumentException e) {
      throw error(
          "InvalidParameterValue",
          "Invalid value '" + p.ipProtocol() + "' for IP protocol. Unknown" + " protocol.");
    }
    int from = -1;
    int to = -1;
    if (!protocol.equals("-1")) {
      if (p.fromPort() == null || p.toPort() == null) {
        throw error(
            "InvalidParameterValue",
            "Invalid value 'Must specify both from and to ports with TCP/UDP.'"
                + " for portRange.");
      }
      from = p.fromPort();
      to = p.toPort();
      if (!protocol.equals("icmp") && (from < 0 || to > 65535 || from > to)) {
        throw error("InvalidParameterValue", "Invalid port range " + from + "-" + to + ".");
      }
    }
    List<Rule> out = new ArrayList<>();
    for (UserIdGroupPair pair :
        p.hasUserIdGroupPairs() ? p.userIdGroupPairs() : List.<UserIdGroupPair>of()) {
      String peer = pair.groupId();
      if (peer == null || !world.groups.containsKey(peer)) {
        throw error("InvalidGroup.NotFound", "The security group '" + peer + "' does not exist");
      }
      out.add(newRule(groupId, egress, protocol, from, to, peer, null, pair.description()));
    }
    for (IpRange range : p.hasIpRanges() ? p.ipRanges() : List.<IpRange>of()) {
      out.add(
          newRule(groupId, egress, protocol, from, to, null, range.cidrIp(), range.description()));
    }
    if (out.isEmpty()) {
      throw error(
          "MissingParameter",
          "Each IpPermission needs UserIdGroupPairs or IpRanges (IPv6 ranges and"
              + " prefix lists are not simulated).");
    }
    return out;
  }

  private static Rule newRule(
      String groupId,
      boolean egress,
      String protocol,
      int from,
      int to,
      String peer,
      String cidr,
      String description) {
    Rule r = new Rule();
    r.groupId = groupId;
    r.egress = egress;
    r.protocol = protocol;
    r.fromPort = from;
    r.toPort = to;
    r.peerGroupId = peer;
    r.cidr = cidr;
    r.description = description;
    return r;
  }

  Revoked revoke(
      SecurityGroup g, boolean egress, List<String> ruleIds, List<IpPermission> permissions) {
    List<Rule> remove = new ArrayList<>();
    List<IpPermission> unknown = new ArrayList<>();
    for (String id : ruleIds == null ? List.<String>of() : ruleIds) {
      Rule r = g.rules(egress).stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
      if (r == null) {
        throw error(
            "InvalidSecurityGroupRuleId.NotFound",
            "The security group rule ID '" + id + "' does not exist");
      }
      remove.add(r);
    }
    for (IpPermission p : permissions == null ? List.<IpPermission>of() : permissions) {
      for (Rule wanted : expand(g.id, egress, p)) {
        Rule r = g.rules(egress).stream().filter(wanted::sameAs).findFirst().orElse(null);
        if (r == null) {
          unknown.add(p);
        } else {
          remove.add(r);
        }
      }
    }
    if (remove.isEmpty() && unknown.isEmpty()) {
      throw error("MissingParameter", "Specify SecurityGroupRuleIds or IpPermissions.");
    }
    if (remove.isEmpty()) {
      throw error(
          "InvalidPermission.NotFound",
          "The specified rule does not exist in this security group.");
    }
    List<RevokedSecurityGroupRule> revoked = new ArrayList<>();
    for (Rule r : remove) {
      g.rules.remove(r);
      revoked.add(
          RevokedSecurityGroupRule.builder()
              .securityGroupRuleId(r.id)
              .groupId(g.id)
              .isEgress(r.egress)
              .ipProtocol(r.protocol)
              .fromPort(r.fromPort)
              .toPort(r.toPort)
              .cidrIpv4(r.cidr)
              .referencedGroupId(r.peerGroupId)
              .description(r.description)
              .build());
    }
    return new Revoked(revoked, unknown);
  }
}
