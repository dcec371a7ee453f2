package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.observe.SubnetView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * NFS (TCP 2049) from the function to its mount targets. The rules of all the security groups on a
 * network interface add up: a mount target admits the function when any of its groups has an
 * ingress rule from any of the function's groups (or from a CIDR covering the function's subnets),
 * and the function reaches it when any of its groups lets TCP 2049 out to any of the mount target's
 * groups (or to a CIDR covering its address). Where nothing opens the path, one ingress and one
 * egress rule per set of mount-target security groups is enough.
 */
final class NfsRules {
  private NfsRules() {}

  static void apply(
      DesiredMount desired,
      Observation obs,
      FunctionView function,
      NetworkRules.Topology t,
      Map<String, SubnetView> subnetViews,
      PlanBuilder b) {
    if (b.readFailed(
        Facet.NETWORK, "DescribeSecurityGroupRules", "the security groups", obs.rules())) {
      return;
    }
    // Rules planned here count as present for the next set, so two sets that share a group share
    // the rule.
    List<SgRuleView> rules = new ArrayList<>(obs.rules().value());
    List<String> fnGroups = t.securityGroupIds();
    List<String> subnetCidrs =
        t.subnetIds().stream().map(id -> subnetViews.get(id).cidr()).toList();
    String fnGroup = ruleGroupOfFunction(desired, fnGroups);
    boolean configuredBefore = FunctionTags.configuredBefore(desired, function);
    Set<String> reported = new LinkedHashSet<>();
    for (List<MountTargetView> sharing : bySecurityGroupSet(t.mountTargets()).values()) {
      List<String> mtGroups = sharing.get(0).securityGroupIds();
      List<String> mtIps = sharing.stream().map(MountTargetView::ipAddress).toList();
      List<SgRuleView> in =
          rules.stream()
              .filter(
                  r ->
                      mtGroups.contains(r.groupId())
                          && !r.egress()
                          && r.allowsTcp(DesiredMount.NFS_PORT)
                          && (named(fnGroups, r.peerGroupId())
                              || Cidrs.coversAll(r.cidr(), subnetCidrs)))
              .toList();
      List<SgRuleView> out =
          rules.stream()
              .filter(
                  r ->
                      fnGroups.contains(r.groupId())
                          && r.egress()
                          && r.allowsTcp(DesiredMount.NFS_PORT)
                          && (named(mtGroups, r.peerGroupId()) || Cidrs.coversAll(r.cidr(), mtIps)))
              .toList();
      String mtGroup = mtGroups.get(0);
      if (in.isEmpty()) {
        need(desired, b, sharing, mtGroups, fnGroups, false, mtGroup, fnGroup, configuredBefore);
        rules.add(planned(mtGroup, false, fnGroup));
      }
      if (out.isEmpty()) {
        need(desired, b, sharing, mtGroups, fnGroups, true, fnGroup, mtGroup, configuredBefore);
        rules.add(planned(fnGroup, true, mtGroup));
      }
      for (SgRuleView rule : concat(in, out)) {
        if (rule.id() != null && reported.add(rule.id())) {
          b.rules.add(
              new Report.RuleRef(
                  rule.id(),
                  rule.groupId(),
                  rule.egress() ? "egress" : "ingress",
                  rule.peerGroupId(),
                  OwnershipTags.ownedBy(rule.tags(), desired.uid())));
        }
      }
    }
    b.nfsPlanned = true;
  }

  /**
   * The function's security group the operator's rules name: the first the spec names (the user
   * gave it for this mount), else the function's first.
   */
  static String ruleGroupOfFunction(DesiredMount desired, List<String> fnGroups) {
    return desired.securityGroupIds().stream()
        .filter(fnGroups::contains)
        .findFirst()
        .orElse(fnGroups.get(0));
  }

  /** Mount targets by the set of their security groups, in the order the file system lists them. */
  private static Map<Set<String>, List<MountTargetView>> bySecurityGroupSet(
      List<MountTargetView> mountTargets) {
    Map<Set<String>, List<MountTargetView>> sets = new LinkedHashMap<>();
    for (MountTargetView mt : mountTargets) {
      if (!mt.securityGroupIds().isEmpty()) {
        sets.computeIfAbsent(new TreeSet<>(mt.securityGroupIds()), k -> new ArrayList<>()).add(mt);
      }
    }
    return sets;
  }

  private static void need(
      DesiredMount desired,
      PlanBuilder b,
      List<MountTargetView> sharing,
      List<String> mtGroups,
      List<String> fnGroups,
      boolean egress,
      String group,
      String peer,
      boolean configuredBefore) {
    if (!desired.manageSecurityGroupRules()) {
      String targets = sharing.stream().map(MountTargetView::id).toList().toString();
      b.block(
          Facet.NETWORK,
          egress ? "NfsEgressBlocked" : "NfsIngressBlocked",
          egress
              ? "None of the function's security groups "
                  + fnGroups
                  + " allows TCP 2049 out to the security groups "
                  + mtGroups
                  + " of mount targets "
                  + targets
                  + ", so mounts fail with EFSMountConnectivityException. Add an egress rule to one"
                  + " of them (e.g. "
                  + group
                  + " to "
                  + peer
                  + ")"
                  + manageRules(b)
              : "None of the security groups "
                  + mtGroups
                  + " of mount targets "
                  + targets
                  + " allows TCP 2049 in from the function's security groups "
                  + fnGroups
                  + " or a CIDR covering its subnets, so mounts fail with"
                  + " EFSMountConnectivityException. Add an ingress rule to one of them (e.g. "
                  + group
                  + " from "
                  + peer
                  + ")"
                  + manageRules(b));
      return;
    }
    b.actions.add(new Action.AuthorizeNfs(group, egress, peer, desired.ownershipTags()));
    if (configuredBefore) {
      b.drift.add(
          new DriftFinding(
              "NfsRuleMissing",
              "securityGroupRules." + group + "." + (egress ? "egress" : "ingress"),
              "TCP 2049 " + (egress ? "to " : "from ") + peer,
              "missing"));
    }
  }

  /** A rule this plan adds; it has no id yet. */
  private static SgRuleView planned(String group, boolean egress, String peer) {
    return new SgRuleView(
        null,
        group,
        egress,
        "tcp",
        DesiredMount.NFS_PORT,
        DesiredMount.NFS_PORT,
        peer,
        null,
        Map.of());
  }

  /** Immutable lists throw on contains(null); a rule by CIDR has no peer group. */
  private static boolean named(List<String> groups, String peer) {
    return peer != null && groups.contains(peer);
  }

  private static List<SgRuleView> concat(List<SgRuleView> a, List<SgRuleView> c) {
    List<SgRuleView> all = new ArrayList<>(a);
    all.addAll(c);
    return all;
  }

  private static String manageRules(PlanBuilder b) {
    return b.advice(
        " or set spec.network.manageSecurityGroupRules: true.",
        "; or declare the mount in a LambdaEfsMount with"
            + " spec.network.manageSecurityGroupRules: true and the operator adds it.");
  }
}
