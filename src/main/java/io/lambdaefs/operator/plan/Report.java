package io.lambdaefs.operator.plan;

import java.util.List;

/** The facts the status shows, as the planner understood the observation. */
public record Report(
    AccessPointRef accessPoint, FunctionRef function, List<RuleRef> rules, Note permissionsNote) {

  /** A facet that was not checked, and why. */
  public record Note(boolean ok, String reason, String message) {}

  public record AccessPointRef(String id, String arn, boolean owned) {}

  public record FunctionRef(
      String arn,
      String lastUpdateStatus,
      String lastUpdateStatusReasonCode,
      String lastUpdateStatusReason) {}

  public record RuleRef(
      String id, String groupId, String direction, String peerGroupId, boolean owned) {}

  public static Report empty() {
    return new Report(null, null, List.of(), null);
  }
}
