package io.lambdaefs.operator.observe;

import java.util.List;

/**
 * What to ask IAM: may this role perform these actions on the file system through this access
 * point.
 */
public record PermissionQuery(
    String roleArn, List<String> actions, String fileSystemArn, String accessPointArn) {

  public String roleName() {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }
}
