package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/** An EFS access point as DescribeAccessPoints returns it. */
public record AccessPointView(
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

  public boolean available() {
    return "available".equals(state);
  }
}
