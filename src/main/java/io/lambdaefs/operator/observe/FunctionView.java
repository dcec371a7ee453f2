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
    boolean ipv6AllowedForDualStack,
    List<MountConfig> fileSystemConfigs,
    Map<String, String> tags) {

  public record MountConfig(String accessPointArn, String localMountPath) {}

  /**
   * Without what changes on every update and means nothing by itself (RevisionId), with lists in a
   * stable order, so two observations of the same configuration compare equal.
   */
  public FunctionView withoutVolatile() {
    return new FunctionView(
        name,
        arn,
        roleArn,
        state,
        stateReasonCode,
        stateReason,
        lastUpdateStatus,
        lastUpdateStatusReasonCode,
        lastUpdateStatusReason,
        null,
        vpcId,
        subnetIds.stream().sorted().toList(),
        securityGroupIds.stream().sorted().toList(),
        ipv6AllowedForDualStack,
        fileSystemConfigs,
        tags);
  }

  public boolean inVpc() {
    return !subnetIds.isEmpty();
  }

  public boolean updateInProgress() {
    return "InProgress".equals(lastUpdateStatus);
  }
}
