package io.lambdaefs.operator.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.policybuilder.iam.IamAction;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamConditionOperator;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The inline policy of iam.mode Manage: ClientMount/ClientWrite on the file system only through the
 * access point (the condition AWS documents for Lambda), and the ENI actions the role lacks. A new
 * document keeps what the previous one granted: the ENI actions (the role has them only through it)
 * and the access points the function still mounts, so that rewriting it for a new access point
 * never takes away what a running function uses.
 */
final class InlinePolicy {
  static final String MOUNT_SID = "MountThroughAccessPoint";
  static final String ENI_SID = "VpcNetworkInterfaces";
  private static final String ACCESS_POINT_KEY = "elasticfilesystem:AccessPointArn";

  /** What a document grants: client actions through access points, and ENI actions. */
  record Grants(Set<String> clientActions, Set<String> accessPoints, Set<String> eniActions) {
    static final Grants NONE = new Grants(Set.of(), Set.of(), Set.of());
  }

  private InlinePolicy() {}

  /** What a document the operator wrote grants; nothing for absent or foreign documents. */
  static Grants grants(String document) {
    if (document == null) {
      return Grants.NONE;
    }
    Set<String> client = new LinkedHashSet<>();
    Set<String> accessPoints = new LinkedHashSet<>();
    Set<String> eni = new LinkedHashSet<>();
    try {
      for (IamStatement s : IamPolicy.fromJson(document).statements()) {
        List<String> actions = s.actions().stream().map(IamAction::value).toList();
        if (MOUNT_SID.equals(s.sid())) {
          client.addAll(actions);
          s.conditions().stream()
              .filter(c -> c.key().value().equals(ACCESS_POINT_KEY))
              .map(IamCondition::value)
              .forEach(accessPoints::add);
        } else if (ENI_SID.equals(s.sid())) {
          eni.addAll(actions);
        }
      }
    } catch (RuntimeException notAPolicy) {
      return Grants.NONE;
    }
    return new Grants(client, accessPoints, eni);
  }

  /**
   * @param clientActions the client actions to grant (empty: no mount statement)
   * @param accessPoints the access points to grant them through
   */
  static String document(
      String fileSystemArn,
      Collection<String> clientActions,
      Collection<String> accessPoints,
      Collection<String> eniActions) {
    List<IamStatement> statements = new ArrayList<>();
    if (!clientActions.isEmpty()) {
      statements.add(
          IamStatement.builder()
              .sid(MOUNT_SID)
              .effect(IamEffect.ALLOW)
              .actionIds(List.copyOf(clientActions))
              .addResource(fileSystemArn)
              .addConditions(
                  IamConditionOperator.STRING_EQUALS, ACCESS_POINT_KEY, List.copyOf(accessPoints))
              .build());
    }
    if (!eniActions.isEmpty()) {
      statements.add(
          IamStatement.builder()
              .sid(ENI_SID)
              .effect(IamEffect.ALLOW)
              .actionIds(List.copyOf(eniActions))
              .addResource("*")
              .build());
    }
    return IamPolicy.builder().version("2012-10-17").statements(statements).build().toJson();
  }
}
