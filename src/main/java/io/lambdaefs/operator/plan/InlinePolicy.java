package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.PermissionQuery;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The inline policy of iam.mode Manage: ClientMount/ClientWrite on the file system only through the
 * access point (the condition AWS documents for Lambda), and the ENI actions only if the role lacks
 * them.
 */
final class InlinePolicy {
  private InlinePolicy() {}

  static String document(PermissionQuery query, List<String> denied) {
    List<String> efs =
        query.actions().stream().filter(a -> a.startsWith("elasticfilesystem:")).toList();
    List<String> eni = denied.stream().filter(PermissionRules.ENI_ACTIONS::contains).toList();
    StringBuilder json = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
    json.append("{\"Sid\":\"MountThroughAccessPoint\",\"Effect\":\"Allow\",\"Action\":")
        .append(array(efs))
        .append(",\"Resource\":\"")
        .append(query.fileSystemArn())
        .append("\",\"Condition\":{\"StringEquals\":")
        .append("{\"elasticfilesystem:AccessPointArn\":\"")
        .append(query.accessPointArn())
        .append("\"}}}");
    if (!eni.isEmpty()) {
      json.append(",{\"Sid\":\"VpcNetworkInterfaces\",\"Effect\":\"Allow\",\"Action\":")
          .append(array(eni))
          .append(",\"Resource\":\"*\"}");
    }
    return json.append("]}").toString();
  }

  private static String array(List<String> items) {
    return items.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
  }
}
