package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * What GetFunction said about the function, normalised (empty lists, never null).
 *
 * @param timeoutSeconds the function's Timeout; null when not known
 * @param reservedConcurrency GetFunction's Concurrency.ReservedConcurrentExecutions; null when the
 *     function has none (it shares the account's unreserved pool)
 * @param provisionedConcurrency the provisioned concurrency allocated across the function's aliases
 *     and versions; null when it was not read (only read when a rule needs it) or could not be
 */
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
    Map<String, String> tags,
    Integer timeoutSeconds,
    Integer reservedConcurrency,
    Integer provisionedConcurrency) {

  public record MountConfig(String accessPointArn, String localMountPath) {}

  /** A function whose timeout and concurrency are not known. */
  public FunctionView(
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
    this(
        name,
        arn,
        roleArn,
        state,
        stateReasonCode,
        stateReason,
        lastUpdateStatus,
        lastUpdateStatusReasonCode,
        lastUpdateStatusReason,
        revisionId,
        vpcId,
        subnetIds,
        securityGroupIds,
        ipv6AllowedForDualStack,
        fileSystemConfigs,
        tags,
        null,
        null,
        null);
  }

  /**
   * Without what changes on every update and means nothing by itself (RevisionId), with lists in a
   * stable order, so two observations of the same configuration compare equal.
   */
  public FunctionView withoutVolatile() {
    return copy(
        null,
        subnetIds.stream().sorted().toList(),
        securityGroupIds.stream().sorted().toList(),
        tags,
        provisionedConcurrency);
  }

  /** The same function with other tags (as it would be once they are written). */
  public FunctionView withTags(Map<String, String> newTags) {
    return copy(
        revisionId, subnetIds, securityGroupIds, Map.copyOf(newTags), provisionedConcurrency);
  }

  /** The same function with its provisioned concurrency, once read. */
  public FunctionView withProvisionedConcurrency(Integer allocated) {
    return copy(revisionId, subnetIds, securityGroupIds, tags, allocated);
  }

  private FunctionView copy(
      String revision,
      List<String> subnets,
      List<String> groups,
      Map<String, String> newTags,
      Integer provisioned) {
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
        revision,
        vpcId,
        subnets,
        groups,
        ipv6AllowedForDualStack,
        fileSystemConfigs,
        newTags,
        timeoutSeconds,
        reservedConcurrency,
        provisioned);
  }

  public boolean inVpc() {
    return !subnetIds.isEmpty();
  }

  public boolean updateInProgress() {
    return "InProgress".equals(lastUpdateStatus);
  }
}
