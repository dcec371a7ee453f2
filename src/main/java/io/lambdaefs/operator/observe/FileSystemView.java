package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/** The file system, its tags, and its mount targets with their security groups. */
public record FileSystemView(
    String id,
    String arn,
    String lifeCycleState,
    String oneZoneAzId,
    List<MountTargetView> mountTargets,
    Map<String, String> tags) {

  /**
   * @param securityGroupIds empty when EFS could not tell them yet
   */
  public record MountTargetView(
      String id,
      String subnetId,
      String vpcId,
      String azId,
      String azName,
      String state,
      String ipAddress,
      List<String> securityGroupIds) {

    /**
     * Usable: {@code available}, and its security groups were read (EFS refuses that read while the
     * mount target has no network interface, e.g. while it is being created).
     */
    public boolean available() {
      return "available".equals(state) && !securityGroupIds.isEmpty();
    }
  }
}
