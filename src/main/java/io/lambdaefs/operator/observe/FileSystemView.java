package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * The file system, its tags, and its mount targets with their security groups.
 *
 * @param throughputMode bursting, elastic or provisioned; null when not known
 * @param sizeBytes the metered size EFS last reported; null when not known
 * @param mountedBy the functions this process last saw mounting the file system, or about to, each
 *     with its reserved concurrency: each of their execution environments holds an NFS connection
 */
public record FileSystemView(
    String id,
    String arn,
    String lifeCycleState,
    String oneZoneAzId,
    List<MountTargetView> mountTargets,
    String throughputMode,
    Long sizeBytes,
    List<MountedFunction> mountedBy,
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

  /** A function on the file system; {@code reservedConcurrency} null when it has none. */
  public record MountedFunction(String functionArn, Integer reservedConcurrency) {}

  /** A file system whose throughput mode, size, users and tags are not known. */
  public FileSystemView(
      String id,
      String arn,
      String lifeCycleState,
      String oneZoneAzId,
      List<MountTargetView> mountTargets) {
    this(id, arn, lifeCycleState, oneZoneAzId, mountTargets, Map.of());
  }

  /** A file system with its tags, whose throughput mode, size and users are not known. */
  public FileSystemView(
      String id,
      String arn,
      String lifeCycleState,
      String oneZoneAzId,
      List<MountTargetView> mountTargets,
      Map<String, String> tags) {
    this(id, arn, lifeCycleState, oneZoneAzId, mountTargets, null, null, List.of(), tags);
  }

  public FileSystemView withMountedBy(List<MountedFunction> functions) {
    return copy(sizeBytes, functions);
  }

  private FileSystemView copy(Long size, List<MountedFunction> functions) {
    return new FileSystemView(
        id,
        arn,
        lifeCycleState,
        oneZoneAzId,
        mountTargets,
        throughputMode,
        size,
        List.copyOf(functions),
        tags);
  }

  /**
   * As the drift poller compares it: without the metered size (EFS updates it as data is written),
   * and of the functions on the file system only those with reserved concurrency (the others hold
   * no connection a rule counts), so neither writes to the file system nor resources coming and
   * going make every resource on it reconcile.
   */
  public FileSystemView withoutVolatile() {
    return copy(
        null,
        mountedBy.stream()
            .filter(m -> m.reservedConcurrency() != null && m.reservedConcurrency() > 0)
            .toList());
  }

  public boolean bursting() {
    return "bursting".equals(throughputMode);
  }
}
