package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.SgRuleView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An NFS rule serves every resource whose path it opens, however many there are, and is held by one
 * of them: its owner tags. Who relies on it is decided from AWS and from the desired state of the
 * live resources (their specs and their functions' security groups), never from a status, so a
 * restore without status (as Velero does) changes nothing. A resource that no longer needs a rule
 * it holds (deleted, or its function moved to another security group) hands it over to one that
 * relies on it, or revokes it when none does.
 */
public final class SharedRules {
  private SharedRules() {}

  /**
   * Whether a resource on this file system can rely on the rule at all, before its function is
   * read: an ingress rule of one of its mount targets' groups, or an egress rule towards one.
   */
  public static boolean mayRelyOn(FileSystemView fs, SgRuleView rule) {
    Set<String> mountTargetGroups = mountTargetGroups(fs);
    return rule.peerGroupId() != null
        && mountTargetGroups.contains(rule.egress() ? rule.peerGroupId() : rule.groupId());
  }

  /**
   * Whether a resource with this spec, whose function and file system are these, relies on the
   * rule: it opens TCP 2049 between one of the function's security groups (as the spec merges them
   * into the function's) and one of the mount targets' groups, in the rule's direction.
   */
  public static boolean reliesOn(
      DesiredMount desired, FunctionView fn, FileSystemView fs, SgRuleView rule) {
    if (!mayRelyOn(fs, rule) || !rule.allowsTcp(DesiredMount.NFS_PORT)) {
      return false;
    }
    List<String> functionGroups =
        NetworkRules.merged(
            fn.inVpc() ? fn.securityGroupIds() : List.of(), desired.securityGroupIds());
    return functionGroups.contains(rule.egress() ? rule.groupId() : rule.peerGroupId());
  }

  /**
   * Hands over or revokes the rules the resource holds and releases; waits while who relies on them
   * could not be read, since a failed read is never "nobody".
   */
  static void release(List<SgRuleView> releasing, Observation obs, PlanBuilder b) {
    b.releasing.addAll(releasing);
    if (!releasing.isEmpty() && obs.ruleHeirs() == null) {
      b.await(
          Facet.NETWORK,
          "CheckingSharedRules",
          "Looking for resources that rely on rules "
              + releasing.stream().map(SgRuleView::id).toList()
              + " before handing them over or revoking them.",
          Duration.ofSeconds(1));
      return;
    }
    if (releasing.isEmpty()
        || b.readFailed(
            Facet.NETWORK,
            "GetFunction",
            "the resources that may rely on rules "
                + releasing.stream().map(SgRuleView::id).toList(),
            obs.ruleHeirs())) {
      return;
    }
    for (SgRuleView rule : releasing) {
      Map<String, String> heir = obs.ruleHeirs().value().get(rule.id());
      b.actions.add(
          heir == null
              ? new Action.RevokeRule(rule.groupId(), rule.id(), rule.egress())
              : new Action.HandOverRule(rule.groupId(), rule.id(), heir));
    }
  }

  /**
   * The rules this resource holds: tagged with its uid and as the operator's. IAM cannot scope a
   * revoke by the rule's tags (only the group's), so the operator checks them itself before it
   * releases a rule.
   */
  static List<SgRuleView> held(DesiredMount desired, Observation obs) {
    if (obs.ownedRules() == null || !obs.ownedRules().isFound()) {
      return List.of();
    }
    return obs.ownedRules().value().stream()
        .filter(
            r ->
                OwnershipTags.ownedBy(r.tags(), desired.uid())
                    && OwnershipTags.MANAGED_BY_VALUE.equals(
                        r.tags().get(OwnershipTags.MANAGED_BY)))
        .toList();
  }

  /**
   * The rules this resource holds that open none of its paths any more, once its NFS paths are
   * known: the planner reported the rules that open them.
   */
  static List<SgRuleView> unneeded(DesiredMount desired, Observation obs, PlanBuilder b) {
    if (!b.nfsPlanned || b.blockedOrWaiting(Facet.NETWORK)) {
      return List.of();
    }
    Set<String> opening =
        b.rules.stream().map(Report.RuleRef::id).collect(Collectors.toUnmodifiableSet());
    return held(desired, obs).stream().filter(r -> !opening.contains(r.id())).toList();
  }

  private static Set<String> mountTargetGroups(FileSystemView fs) {
    return fs.mountTargets().stream()
        .map(MountTargetView::securityGroupIds)
        .flatMap(List::stream)
        .collect(Collectors.toUnmodifiableSet());
  }
}
