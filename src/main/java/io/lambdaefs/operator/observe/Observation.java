package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.AwsError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the planner needs, read in one pass. Reads that were not needed (for example subnets
 * when the function does not exist) are {@code null}.
 *
 * @param accessPoints every access point of the file system (owned ones are recognised by their
 *     tags, the adopted one by its id); empty when the file system is gone, failed when it could
 *     not be read
 * @param adoptedAccessPoint the access point named by spec.accessPoint.existingId when it is not on
 *     the file system (to tell "not found" from "on another file system"); otherwise null
 * @param subnets the function's and the spec's subnets, by id
 * @param rules the rules of the function's, the spec's and the mount targets' security groups
 * @param ownedRules rules anywhere tagged with the owner uid (read by a reconcile and a deletion,
 *     not by the drift poll)
 * @param routes for a function outside any VPC: the routes of the subnets it is about to join
 * @param permissions IAM's answer for the execution role (read after a first plan named the access
 *     point)
 * @param inlinePolicy the iam.mode Manage inline policy on the execution role (read for cleanup
 *     only)
 * @param ruleHeirs for each rule this resource holds and releases (rule id), the ownership tags of
 *     another live resource that relies on it; a rule nobody relies on is absent from the map. Null
 *     when not read (no rule to release)
 * @param elsewhere this resource's access points on the other file systems the function's tag names
 *     (left there when spec.fileSystemId changed); null when the tag names none
 * @param roleTags the execution role's tags (read for iam.mode Manage, whose opt-in they carry)
 */
public record Observation(
    Fetched<FunctionView> function,
    Fetched<FileSystemView> fileSystem,
    Fetched<List<AccessPointView>> accessPoints,
    Fetched<AccessPointView> adoptedAccessPoint,
    Fetched<Map<String, SubnetView>> subnets,
    Fetched<List<SgRuleView>> rules,
    Fetched<List<SgRuleView>> ownedRules,
    Fetched<List<RouteView>> routes,
    Fetched<PermissionCheck> permissions,
    Fetched<String> inlinePolicy,
    Fetched<List<AccessPointView>> elsewhere,
    Fetched<Map<String, String>> roleTags,
    Fetched<Map<String, Map<String, String>>> ruleHeirs,
    Instant observedAt) {

  /**
   * The observation as the drift poller compares it: volatile fields (RevisionId, the time, request
   * ids in error messages) left out, so only a real change of AWS triggers a reconcile.
   */
  public Observation withoutVolatile() {
    return new Observation(
        function.withoutVolatile(FunctionView::withoutVolatile),
        fileSystem == null ? null : fileSystem.withoutVolatile(FileSystemView::withoutVolatile),
        n(accessPoints),
        n(adoptedAccessPoint),
        n(subnets),
        n(rules),
        n(ownedRules),
        n(routes),
        n(permissions),
        n(inlinePolicy),
        n(elsewhere),
        n(roleTags),
        n(ruleHeirs),
        null);
  }

  /** Some read failed for a passing cause (throttling, 5xx, network). */
  public boolean hasTransientFailure() {
    return !transientFailures().isEmpty();
  }

  /** The reads that failed for a passing cause: what was observed is incomplete. */
  public List<AwsError> transientFailures() {
    return Stream.of(
            function,
            fileSystem,
            accessPoints,
            adoptedAccessPoint,
            subnets,
            rules,
            ownedRules,
            routes,
            permissions,
            inlinePolicy,
            elsewhere,
            roleTags,
            ruleHeirs)
        .filter(f -> f != null && f.isFailed() && f.error().retryable())
        .map(Fetched::error)
        .toList();
  }

  private static <T> Fetched<T> n(Fetched<T> f) {
    return f == null ? null : f.withoutVolatile(v -> v);
  }

  public Observation withPermissions(Fetched<PermissionCheck> check) {
    return new Observation(
        function,
        fileSystem,
        accessPoints,
        adoptedAccessPoint,
        subnets,
        rules,
        ownedRules,
        routes,
        check,
        inlinePolicy,
        elsewhere,
        roleTags,
        ruleHeirs,
        observedAt);
  }

  public Observation withRuleHeirs(Fetched<Map<String, Map<String, String>>> heirs) {
    return new Observation(
        function,
        fileSystem,
        accessPoints,
        adoptedAccessPoint,
        subnets,
        rules,
        ownedRules,
        routes,
        permissions,
        inlinePolicy,
        elsewhere,
        roleTags,
        heirs,
        observedAt);
  }

  public Observation withFunction(Fetched<FunctionView> fn) {
    return new Observation(
        fn,
        fileSystem,
        accessPoints,
        adoptedAccessPoint,
        subnets,
        rules,
        ownedRules,
        routes,
        permissions,
        inlinePolicy,
        elsewhere,
        roleTags,
        ruleHeirs,
        observedAt);
  }

  public Observation withInlinePolicy(Fetched<String> policy) {
    return new Observation(
        function,
        fileSystem,
        accessPoints,
        adoptedAccessPoint,
        subnets,
        rules,
        ownedRules,
        routes,
        permissions,
        policy,
        elsewhere,
        roleTags,
        ruleHeirs,
        observedAt);
  }

  public Observation withRoleTags(Fetched<Map<String, String>> tags) {
    return new Observation(
        function,
        fileSystem,
        accessPoints,
        adoptedAccessPoint,
        subnets,
        rules,
        ownedRules,
        routes,
        permissions,
        inlinePolicy,
        elsewhere,
        tags,
        ruleHeirs,
        observedAt);
  }
}
