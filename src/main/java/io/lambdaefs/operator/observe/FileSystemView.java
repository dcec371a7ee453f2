package io.lambdaefs.operator.observe;

import java.util.List;

/** The file system and its mount targets with their security groups. */
public record FileSystemView(
    String id,
    String arn,
    String lifeCycleState,
    String oneZoneAzId,
    List<MountTargetView> mountTargets) {

  public record MountTargetView(
      String id,
      String subnetId,
      String vpcId,
      String azId,
      String azName,
      String state,
      String ipAddress,
      List<String> securityGroupIds) {

    public boolean available() {
      return "available".equals(state);
    }
  }
}
