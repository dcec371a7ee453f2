package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.MountAsFound;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.reconcile.ObservationRound;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Reads a function as it is and runs the planner on its mount, written as the resource that would
 * declare it ({@link MountAsFound}): the operator's own Observer and Planner, so every preflight
 * check applies and none is written twice. Nothing is written to AWS.
 */
final class DiagnoseRunner {
  private final AwsClientFactory aws;
  private final Observer observer;
  private final Planner planner = new Planner();
  private final ObservationRound round;

  DiagnoseRunner(AwsClientFactory aws, Clock clock) {
    this.aws = aws;
    this.observer = new Observer(clock);
    this.round = new ObservationRound(observer, planner);
  }

  Diagnosis diagnose(String functionName, String region) {
    AwsClients clients = aws.forRegion(region);
    String placeholder = placeholderUid(functionName);
    Fetched<FunctionView> function = observer.function(functionName, clients);
    if (!function.isFound()) {
      DesiredMount desired = MountAsFound.named(functionName, region, placeholder);
      Observation obs = round.observe(desired, clients);
      return new Diagnosis(
          functionName,
          null,
          null,
          null,
          null,
          null,
          planner.plan(desired, obs),
          obs.transientFailures());
    }
    FunctionView fn = function.value();
    if (fn.fileSystemConfigs().isEmpty()) {
      return new Diagnosis(
          functionName, fn.arn(), managedBy(fn), null, null, null, null, List.of());
    }
    String arn = fn.fileSystemConfigs().get(0).accessPointArn();
    Fetched<AccessPointView> accessPoint =
        observer.accessPoint(arn.substring(arn.lastIndexOf('/') + 1), clients);
    String fileSystemId = accessPoint.isFound() ? accessPoint.value().fileSystemId() : null;
    DesiredMount desired = MountAsFound.of(fn, fileSystemId, region, placeholder);
    Observation obs = round.observe(desired, clients);
    Plan plan = planner.plan(desired, obs);
    return new Diagnosis(
        functionName,
        fn.arn(),
        managedBy(fn),
        desired.existingAccessPointId(),
        fileSystemId,
        desired.mountPath(),
        plan,
        obs.transientFailures());
  }

  private static String managedBy(FunctionView fn) {
    return fn.tags().containsKey(OwnershipTags.OWNER_UID)
        ? fn.tags().get(OwnershipTags.OWNER)
        : null;
  }

  private static String placeholderUid(String functionName) {
    return UUID.nameUUIDFromBytes(
            ("lambdaefs.io/diagnose/" + functionName).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
