package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Problem;
import java.util.List;

/**
 * What {@code diagnose} found about one function's mount.
 *
 * @param functionArn null when the function could not be read
 * @param managedBy namespace/name of the LambdaEfsMount whose tags the function carries; null when
 *     none manages it
 * @param accessPointId the access point the function mounts; null when it mounts none
 * @param fileSystemId that access point's file system; null when unknown (the access point is gone)
 * @param plan the planner's verdict on the mount as it is; null when the function mounts nothing
 * @param unreadable AWS reads that failed for a passing cause: the diagnosis is incomplete
 */
record Diagnosis(
    String functionName,
    String functionArn,
    String managedBy,
    String accessPointId,
    String fileSystemId,
    String mountPath,
    Plan plan,
    List<AwsError> unreadable) {

  /** Problems that make the mount fail now or under load; waiting ones pass by themselves. */
  List<Problem> findings() {
    return plan == null
        ? List.of()
        : plan.problems().stream()
            .filter(p -> p.severity() != Problem.Severity.WAITING || isReadFailure(p))
            .toList();
  }

  List<Problem> passing() {
    return plan == null
        ? List.of()
        : plan.problems().stream()
            .filter(p -> p.severity() == Problem.Severity.WAITING && !isReadFailure(p))
            .filter(p -> !Plan.WAITING_FOR_OTHER_FACET.equals(p.reason()))
            .toList();
  }

  private static boolean isReadFailure(Problem p) {
    return Plan.TRANSIENT_READ_REASONS.contains(p.reason());
  }

  boolean mountsNothing() {
    return plan == null;
  }

  /** Exit 0: nothing found, and everything could be read. */
  boolean healthy() {
    return findings().isEmpty() && unreadable.isEmpty();
  }
}
