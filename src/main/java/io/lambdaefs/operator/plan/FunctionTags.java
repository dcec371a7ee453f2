package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tags the operator keeps on a function it configures: ownership, the subnets and security
 * groups it added to the VPC config (so that deletion gives the function its own config back), and
 * the file systems it created access points on. Each is written before the write it records: the
 * file system before a CreateAccessPoint there, the added ids before the
 * UpdateFunctionConfiguration that adds them. A list longer than a tag value holds continues under
 * further keys, within Lambda's 50 tags per function.
 */
final class FunctionTags {
  private static final Set<String> GONE = Set.of("deleting", "deleted");

  private FunctionTags() {}

  /**
   * The operator configured the function before (so a difference now is drift): the tags it writes
   * with its first update are there. Ownership alone is claimed earlier, before an access point is
   * created.
   */
  static boolean configuredBefore(DesiredMount desired, FunctionView fn) {
    return OwnershipTags.ownedBy(fn.tags(), desired.uid())
        && fn.tags().containsKey(OwnershipTags.ADDED_SUBNETS);
  }

  /** Runs after the other rules: it puts the tags first, before the writes they record. */
  static void apply(
      DesiredMount desired,
      Observation obs,
      FunctionView fn,
      NetworkRules.Topology t,
      PlanBuilder b) {
    boolean functionBlocked =
        b.problems.stream()
            .anyMatch(
                p -> p.facet() == Facet.FUNCTION && p.severity() == Problem.Severity.BLOCKING);
    if (functionBlocked || (b.blockedOrWaiting(Facet.FUNCTION) && !creates(b))) {
      return; // not this resource's function, or nothing to record before the function is ready
    }
    boolean ours = OwnershipTags.ownedBy(fn.tags(), desired.uid());
    Action.UpdateFunction update =
        b.actions.stream()
            .filter(Action.UpdateFunction.class::isInstance)
            .map(Action.UpdateFunction.class::cast)
            .findFirst()
            .orElse(null);
    List<String> fileSystems = fileSystems(desired, obs, fn, creates(b));
    boolean listChanged =
        !fileSystems.equals(OwnershipTags.list(fn.tags(), OwnershipTags.FILE_SYSTEMS));
    if (!creates(b) && update == null && !(ours && listChanged)) {
      return;
    }
    Map<String, String> want = new LinkedHashMap<>(desired.ownershipTags());
    want.putAll(OwnershipTags.listTags(OwnershipTags.FILE_SYSTEMS, fileSystems));
    // The added subnets and groups are recorded with the update that adds them; all the keys are
    // counted from the start, so that a function without room is refused before any write.
    Map<String, String> added = new LinkedHashMap<>();
    if (t != null) {
      added.putAll(
          OwnershipTags.listTags(
              OwnershipTags.ADDED_SUBNETS,
              added(fn.tags(), OwnershipTags.ADDED_SUBNETS, t.subnetIds(), fn.subnetIds())));
      added.putAll(
          OwnershipTags.listTags(
              OwnershipTags.ADDED_SECURITY_GROUPS,
              added(
                  fn.tags(),
                  OwnershipTags.ADDED_SECURITY_GROUPS,
                  t.securityGroupIds(),
                  fn.inVpc() ? fn.securityGroupIds() : List.of())));
    } else {
      added.put(OwnershipTags.ADDED_SUBNETS, "");
      added.put(OwnershipTags.ADDED_SECURITY_GROUPS, "");
    }
    Set<String> needed = new LinkedHashSet<>(want.keySet());
    needed.addAll(added.keySet());
    List<String> missing = needed.stream().filter(k -> !fn.tags().containsKey(k)).toList();
    if (fn.tags().size() + missing.size() > OwnershipTags.MAX_FUNCTION_TAGS) {
      b.block(
          Facet.FUNCTION,
          "FunctionTagLimit",
          "Function "
              + fn.name()
              + " has "
              + fn.tags().size()
              + " tags and the operator needs "
              + missing.size()
              + " more "
              + missing
              + " to record what it changes; Lambda allows "
              + OwnershipTags.MAX_FUNCTION_TAGS
              + " per function. Remove "
              + (fn.tags().size() + missing.size() - OwnershipTags.MAX_FUNCTION_TAGS)
              + " of the function's own tags.");
      return;
    }
    List<String> lists = new ArrayList<>(List.of(OwnershipTags.FILE_SYSTEMS));
    if (update != null && t != null) {
      want.putAll(added);
      lists.add(OwnershipTags.ADDED_SUBNETS);
      lists.add(OwnershipTags.ADDED_SECURITY_GROUPS);
    }
    List<String> stale = new ArrayList<>();
    for (String list : lists) {
      OwnershipTags.listKeys(fn.tags(), list).stream()
          .filter(k -> !want.containsKey(k))
          .forEach(stale::add);
    }
    want.entrySet().removeIf(e -> e.getValue().equals(fn.tags().get(e.getKey())));
    if (!stale.isEmpty()) {
      b.actions.add(0, new Action.UntagFunction(fn.arn(), stale));
    }
    if (!want.isEmpty()) {
      b.actions.add(0, new Action.TagFunction(fn.arn(), want));
    }
  }

  /**
   * The file systems that hold (or are about to hold) this resource's access points: those the tag
   * names, as long as one is left there or it could not be read, and the spec's when an access
   * point is created or owned there.
   */
  private static List<String> fileSystems(
      DesiredMount desired, Observation obs, FunctionView fn, boolean creating) {
    List<String> named = OwnershipTags.list(fn.tags(), OwnershipTags.FILE_SYSTEMS);
    Set<String> holding = new LinkedHashSet<>();
    boolean knownElsewhere = obs.elsewhere() == null || obs.elsewhere().isFound();
    for (AccessPointView ap : AccessPointRules.ownedAnywhere(obs, desired.uid())) {
      if (!GONE.contains(ap.state())) {
        holding.add(ap.fileSystemId());
      }
    }
    List<String> keep = new ArrayList<>();
    for (String id : named) {
      boolean spec = id.equals(desired.fileSystemId());
      boolean known = spec ? obs.accessPoints().isFound() : knownElsewhere;
      if (!keep.contains(id) && (holding.contains(id) || !known || (spec && creating))) {
        keep.add(id);
      }
    }
    if ((creating || holding.contains(desired.fileSystemId()))
        && !keep.contains(desired.fileSystemId())) {
      keep.add(desired.fileSystemId());
    }
    return List.copyOf(keep);
  }

  private static boolean creates(PlanBuilder b) {
    return b.actions.stream().anyMatch(Action.CreateAccessPoint.class::isInstance);
  }

  /** What the tag says the operator added, plus what this update adds. */
  private static Set<String> added(
      Map<String, String> tags, String key, List<String> wanted, List<String> current) {
    Set<String> ids = new LinkedHashSet<>(OwnershipTags.list(tags, key));
    wanted.stream().filter(id -> !current.contains(id)).forEach(ids::add);
    return ids;
  }
}
