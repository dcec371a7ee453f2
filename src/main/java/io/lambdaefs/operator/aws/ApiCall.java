package io.lambdaefs.operator.aws;

import software.amazon.awssdk.core.SdkRequest;

/**
 * One AWS API call as the operator's clients make it.
 *
 * @param account the account the call is made in: the assumed role's, or null for the operator's
 *     own
 * @param region the Region of the client set (IAM's calls carry the Region they were made for)
 * @param service lambda, efs, ec2, iam or sts
 * @param operation the API operation, e.g. GetFunction
 * @param request the request; null for the few no-argument overloads
 */
public record ApiCall(
    String account, String region, String service, String operation, SdkRequest request) {
  private static final String[] WRITE_PREFIXES = {
    "Create",
    "Delete",
    "Update",
    "Put",
    "Authorize",
    "Revoke",
    "Tag",
    "Untag",
    "Attach",
    "Detach",
    "Modify"
  };

  public ApiFamily family() {
    return ApiFamily.of(service, operation);
  }

  /** Whether the call changes AWS (by its operation's name, as AWS names them). */
  public boolean isWrite() {
    for (String p : WRITE_PREFIXES) {
      if (operation.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
