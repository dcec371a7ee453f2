package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Undo what the operator did, for deletionPolicy Delete: detach the file system (and take back the
 * subnets and security groups it added), wait for Lambda, then revoke the rules it tagged, delete
 * the access points it created and remove its tags. Adopted access points and foreign rules stay.
 *
 * <p>Cleanup does not look at lambdaefs.io/allowed-namespaces: a resource whose function or file
 * system no longer lets its namespace in still takes back, when deleted, what it put there (its
 * file system config, the subnets and groups it added, its rules, its access point, its tags).
 * Every one of those writes removes something this resource added, found by its own uid tag, and
 * adds no access; refusing them would leave the function mounting a file system the namespace may
 * no longer use.
 */
public final class CleanupPlanner {

  /**
   * The owned rules are released like any the resource no longer needs: handed over to a live
   * resource that relies on them (the observation's rule heirs), revoked when none does.
   */
  public Plan plan(DesiredMount desired, Observation obs) {
    PlanBuilder b = new PlanBuilder();
    FunctionView fn = obs.function().isFound() ? obs.function().value() : null;
    // A read that failed says nothing about what is there: the cleanup waits for it, since taking
    // it for "nothing owned" would skip the detach and revoke NFS under a function still mounting.
    b.readFailed(Facet.FUNCTION, "GetFunction", desired.functionName(), obs.function());
    b.readFailed(
        Facet.ACCESS_POINT, "DescribeFileSystems", desired.fileSystemId(), obs.fileSystem());
    b.readFailed(
        Facet.ACCESS_POINT, "DescribeAccessPoints", desired.fileSystemId(), obs.accessPoints());
    b.readFailed(
        Facet.ACCESS_POINT, "DescribeAccessPoints", "previous file systems", obs.elsewhere());
    b.readFailed(
        Facet.NETWORK,
        "DescribeSecurityGroupRules",
        "rules tagged " + desired.uid(),
        obs.ownedRules());
    b.readFailed(
        Facet.PERMISSIONS, "GetRolePolicy", desired.inlinePolicyName(), obs.inlinePolicy());
    if (b.blocked() || b.waiting()) {
      return b.build();
    }
    List<AccessPointView> ownedAccessPoints = AccessPointRules.ownedAnywhere(obs, desired.uid());
    Set<String> ourArns =
        ownedAccessPoints.stream().map(AccessPointView::arn).collect(Collectors.toSet());
    if (desired.adoptsAccessPoint() && obs.accessPoints() != null && obs.accessPoints().isFound()) {
      obs.accessPoints().value().stream()
          .filter(ap -> ap.id().equals(desired.existingAccessPointId()))
          .forEach(ap -> ourArns.add(ap.arn()));
    }

    if (fn != null && OwnershipTags.ownedBy(fn.tags(), desired.uid())) {
      if (fn.updateInProgress()) {
        b.await(
            Facet.FUNCTION,
            "FunctionUpdateInProgress",
            "Waiting for Lambda to finish updating " + fn.name() + " before cleaning up.",
            FunctionRules.UPDATE_RECHECK);
        return b.build();
      }
      // The operator's mount: of an access point it created or adopted, or of one that is gone (it
      // was deleted out of band under the function the operator configured).
      Set<String> known = new HashSet<>(ourArns);
      if (obs.accessPoints() != null && obs.accessPoints().isFound()) {
        obs.accessPoints().value().forEach(ap -> known.add(ap.arn()));
      }
      boolean mounted =
          fn.fileSystemConfigs().stream()
              .anyMatch(
                  m -> ourArns.contains(m.accessPointArn()) || !known.contains(m.accessPointArn()));
      Action.VpcChange restore = restoredVpc(fn);
      if (mounted || restore != null) {
        b.actions.add(
            new Action.UpdateFunction(
                fn.name(), fn.revisionId(), restore, mounted ? List.of() : null));
        return b.build(); // the rest once Lambda has applied the detach
      }
    }
    SharedRules.release(SharedRules.held(desired, obs), obs, b);
    if (b.waiting()) {
      return b.build(); // the rest once it is known who else relies on the rules
    }
    for (AccessPointView ap : ownedAccessPoints) {
      if (!"deleting".equals(ap.state())) {
        b.actions.add(new Action.DeleteAccessPoint(ap.id()));
      }
    }
    if (fn != null && obs.inlinePolicy() != null && obs.inlinePolicy().isFound()) {
      String role = fn.roleArn().substring(fn.roleArn().lastIndexOf('/') + 1);
      if (obs.roleTags() != null
          && obs.roleTags().isFound()
          && !TenancyRules.optedIn(obs.roleTags().value())) {
        // Its owner took the opt-in back: the operator may not edit the role any more.
        b.warn(
            Facet.PERMISSIONS,
            "InlinePolicyLeft",
            "Left the inline policy "
                + desired.inlinePolicyName()
                + " on execution role "
                + fn.roleArn()
                + ", which no longer carries "
                + Tenancy.MANAGED_POLICY
                + "="
                + Tenancy.MANAGED_POLICY_ALLOWED
                + ": delete it yourself (aws iam delete-role-policy --role-name "
                + role
                + " --policy-name "
                + desired.inlinePolicyName()
                + ").");
      } else {
        b.actions.add(new Action.DeleteRolePolicy(role, desired.inlinePolicyName()));
      }
    }
    if (fn != null && OwnershipTags.ownedBy(fn.tags(), desired.uid())) {
      List<String> keys = OwnershipTags.functionKeys(fn.tags());
      if (!keys.isEmpty()) {
        b.actions.add(new Action.UntagFunction(fn.arn(), keys));
      }
    }
    return b.build();
  }

  /**
   * The VPC config without what the operator added; out of the VPC when nothing of the function's
   * own is left.
   */
  private static Action.VpcChange restoredVpc(FunctionView fn) {
    List<String> addedSubnets = OwnershipTags.list(fn.tags(), OwnershipTags.ADDED_SUBNETS);
    List<String> addedGroups = OwnershipTags.list(fn.tags(), OwnershipTags.ADDED_SECURITY_GROUPS);
    List<String> subnets = fn.subnetIds().stream().filter(s -> !addedSubnets.contains(s)).toList();
    List<String> groups =
        fn.securityGroupIds().stream().filter(g -> !addedGroups.contains(g)).toList();
    if (subnets.size() == fn.subnetIds().size() && groups.size() == fn.securityGroupIds().size()) {
      return null;
    }
    if (subnets.isEmpty() || groups.isEmpty()) {
      // Lambda refuses Ipv6AllowedForDualStack true without subnets, and keeps it when omitted.
      return new Action.VpcChange(List.of(), List.of(), false);
    }
    return new Action.VpcChange(subnets, groups, fn.ipv6AllowedForDualStack());
  }
}
