package io.lambdaefs.operator.aws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that builds the tags by which the operator recognises what it created: ownership
 * lives in AWS, not in status.
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
   * On a function: the file systems on which the operator created access points for it, written
   * before each create. Their access points are found by their own owner tags, so one left on a
   * previous file system after spec.fileSystemId changed, or superseded by a settings change, is
   * found and deleted whatever happened between its create and the next read.
   */
  public static final String FILE_SYSTEMS = "lambdaefs.io/file-systems";

  /**
   * On a function, from earlier versions: the access points the operator created. No longer
   * written; removed with the other keys.
   */
  public static final String ACCESS_POINTS = "lambdaefs.io/access-points";

  /** The keys that hold a list of ids; a long list continues under "key-2", "key-3"... */
  public static final List<String> LIST_KEYS =
      List.of(ADDED_SUBNETS, ADDED_SECURITY_GROUPS, FILE_SYSTEMS);

  /** Every key the operator writes on a function, besides the continuations of a list. */
  public static final List<String> FUNCTION_KEYS =
      List.of(
          MANAGED_BY,
          OWNER,
          OWNER_UID,
          ADDED_SUBNETS,
          ADDED_SECURITY_GROUPS,
          FILE_SYSTEMS,
          ACCESS_POINTS);

  /** AWS's limit on a tag value (Lambda, EFS and EC2 alike). */
  public static final int MAX_VALUE_LENGTH = 256;

  /** Lambda's limit of tags per function. */
  public static final int MAX_FUNCTION_TAGS = 50;

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

  /**
   * A list of ids as tags: space-separated under {@code key}, continued under "key-2", "key-3"...
   * so that no value passes AWS's 256 characters (16 subnet ids take about 400). An empty list is
   * one empty value.
   */
  public static Map<String, String> listTags(String key, Collection<String> ids) {
    Map<String, String> tags = new LinkedHashMap<>();
    StringBuilder value = new StringBuilder();
    for (String id : ids) {
      if (value.length() > 0 && value.length() + 1 + id.length() > MAX_VALUE_LENGTH) {
        tags.put(continuation(key, tags.size() + 1), value.toString());
        value.setLength(0);
      }
      value.append(value.length() > 0 ? " " : "").append(id);
    }
    tags.put(continuation(key, tags.size() + 1), value.toString());
    return tags;
  }

  /** The ids a list holds across its continuations; empty when the key is missing. */
  public static List<String> list(Map<String, String> tags, String key) {
    List<String> ids = new ArrayList<>();
    for (String k : listKeys(tags, key)) {
      String value = tags.get(k).trim();
      if (!value.isEmpty()) {
        ids.addAll(Arrays.asList(value.split("\\s+")));
      }
    }
    return List.copyOf(ids);
  }

  /** The keys a list occupies on these tags: key, key-2, ... as long as they follow each other. */
  public static List<String> listKeys(Map<String, String> tags, String key) {
    List<String> keys = new ArrayList<>();
    for (int n = 1; tags.containsKey(continuation(key, n)); n++) {
      keys.add(continuation(key, n));
    }
    return keys;
  }

  /** Every key of these tags the operator wrote on a function, continuations included. */
  public static List<String> functionKeys(Map<String, String> tags) {
    List<String> keys = new ArrayList<>();
    for (String key : FUNCTION_KEYS) {
      if (LIST_KEYS.contains(key)) {
        keys.addAll(listKeys(tags, key));
      } else if (tags.containsKey(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static String continuation(String key, int n) {
    return n == 1 ? key : key + "-" + n;
  }
}
