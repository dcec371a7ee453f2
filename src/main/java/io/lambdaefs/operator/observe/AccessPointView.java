package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * An EFS access point as DescribeAccessPoints returns it.
 *
 * @param creationInfo how EFS creates the root directory when it does not exist; null when the
 *     access point has no CreationInfo
 */
public record AccessPointView(
    String id,
    String arn,
    String fileSystemId,
    String state,
    Long uid,
    Long gid,
    List<Long> secondaryGids,
    String rootPath,
    CreationInfo creationInfo,
    Map<String, String> tags) {

  /** RootDirectory.CreationInfo: the owner and the POSIX mode (octal, e.g. "755"). */
  public record CreationInfo(long ownerUid, long ownerGid, String permissions) {}

  /**
   * An access point whose CreationInfo is known only to exist or not: an existing one is taken as
   * owned by the access point's own POSIX user with mode 755.
   */
  public AccessPointView(
      String id,
      String arn,
      String fileSystemId,
      String state,
      Long uid,
      Long gid,
      List<Long> secondaryGids,
      String rootPath,
      boolean hasCreationInfo,
      Map<String, String> tags) {
    this(
        id,
        arn,
        fileSystemId,
        state,
        uid,
        gid,
        secondaryGids,
        rootPath,
        hasCreationInfo
            ? new CreationInfo(uid == null ? 0 : uid, gid == null ? 0 : gid, "755")
            : null,
        tags);
  }

  public boolean hasCreationInfo() {
    return creationInfo != null;
  }

  public boolean available() {
    return "available".equals(state);
  }
}
