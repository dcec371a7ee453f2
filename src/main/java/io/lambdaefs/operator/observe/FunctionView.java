package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/** What GetFunction said about the function, normalised (empty lists, never null). */
public record FunctionView(
    String name,
    String arn,
    String roleArn,
    String state,
    String stateReasonCode,
    String stateReason,
    String lastUpdateStatus,
    String lastUpdateStatusReasonCode,
    String lastUpdateStatusReason,
    String revisionId,
    String vpcId,
    List<String> subnetIds,
    List<String> securityGroupIds,
    List<MountConfig> fileSystemConfigs,
    Map<String, String> tags) {

  public record MountConfig(String accessPointArn, String localMountPath) {}

  public boolean inVpc() {
    return !subnetIds.isEmpty();
  }

  public boolean updateInProgress() {
    return "InProgress".equals(lastUpdateStatus);
  }
}
