package io.lambdaefs.operator.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to ask IAM about an execution role: the NFS client actions on the file system (through the
 * access point, once it exists), and the network-interface actions Lambda takes with the role, each
 * on the EC2 resources it acts on.
 *
 * @param accessPointArn null before the access point exists: a condition on it cannot be evaluated
 * @param networkActions action -> the resources IAM authorizes it on
 */
public record PermissionQuery(
    String roleArn,
    String fileSystemId,
    String fileSystemArn,
    String accessPointArn,
    List<String> clientActions,
    Map<String, List<String>> networkActions) {

  public String roleName() {
    return roleArn.substring(roleArn.lastIndexOf('/') + 1);
  }

  /** Every action asked about, client actions first. */
  public List<String> actions() {
    List<String> all = new ArrayList<>(clientActions);
    all.addAll(networkActions.keySet());
    return List.copyOf(all);
  }
}
