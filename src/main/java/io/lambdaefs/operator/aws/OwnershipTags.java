package io.lambdaefs.operator.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds the tags by which the operator recognises what it created (DESIGN rule
 * 1: ownership lives in AWS, not in status).
 */
public final class OwnershipTags {
  public static final String MANAGED_BY = "lambdaefs.io/managed-by";
  public static final String OWNER = "lambdaefs.io/owner";
  public static final String OWNER_UID = "lambdaefs.io/owner-uid";
  public static final String MANAGED_BY_VALUE = "lambda-efs-operator";

  /** On a function: the subnets the operator added to its VPC config ("" when none). */
  public static final String ADDED_SUBNETS = "lambdaefs.io/added-subnets";

  /** On a function: the security groups the operator added to its VPC config. */
  public static final String ADDED_SECURITY_GROUPS = "lambdaefs.io/added-security-groups";

  /**
   * On a function: the access points the operator created and mounted for it, so one left on
   * another file system after spec.fileSystemId changed is still found and deleted.
   */
  public static final String ACCESS_POINTS = "lambdaefs.io/access-points";

  /** Every key the operator writes on a function. */
  public static final List<String> FUNCTION_KEYS =
      List.of(MANAGED_BY, OWNER, OWNER_UID, ADDED_SUBNETS, ADDED_SECURITY_GROUPS, ACCESS_POINTS);

  private OwnershipTags() {}

  public static Map<String, String> of(String namespace, String name, String uid) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, MANAGED_BY_VALUE);
    tags.put(OWNER, namespace + "/" + name);
    tags.put(OWNER_UID, uid);
    return tags;
  }

  public static boolean ownedBy(Map<String, String> tags, String uid) {
    return tags != null && uid != null && uid.equals(tags.get(OWNER_UID));
  }
}
