package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * IAM's answers about an execution role, and the file system's policy they depend on.
 *
 * @param fileSystemPolicy the file system policy; absent when it has none (EFS then applies its
 *     default policy, and IAM was not asked about the client actions)
 * @param verdicts action -> IAM's decision for it on all of its resources
 */
public record PermissionCheck(
    PermissionQuery query, Fetched<String> fileSystemPolicy, Map<String, Verdict> verdicts) {

  /**
   * @param decision "allowed", "implicitDeny" or "explicitDeny"
   * @param missingContext condition keys the role's policies use that the question did not supply
   */
  public record Verdict(String decision, List<String> missingContext) {
    public boolean allowed() {
      return "allowed".equalsIgnoreCase(decision);
    }
  }

  /** The verdict for an action; an action IAM did not answer for counts as implicitly denied. */
  public Verdict verdict(String action) {
    return verdicts.getOrDefault(action, new Verdict("implicitDeny", List.of()));
  }
}
