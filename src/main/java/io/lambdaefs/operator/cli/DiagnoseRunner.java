package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.config.Tenancy;
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
 * declare it ({@link MountAsFound}): the operator's own Observer and Planner, with the operator's
 * tenancy settings, so every preflight check applies and none is written twice. A function or file
 * system whose tags keep the namespace out is NotAuthorized, one finding among the others ({@link
 * Planner#forDiagnosis}). Nothing is written to AWS.
 */
final class DiagnoseRunner {
  private final AwsClientFactory aws;
  private final Observer observer;
  private final Planner planner;
  private final Tenancy tenancy;
  private final ObservationRound round;

  DiagnoseRunner(AwsClientFactory aws, Clock clock, Tenancy tenancy) {
    this.aws = aws;
    this.observer = new Observer(clock);
    this.tenancy = tenancy;
    this.planner = Planner.forDiagnosis(tenancy);
    this.round = new ObservationRound(observer, planner);
  }

  /**
   * @param namespace the namespace an unmanaged function's mount is judged for
   * @param roleArn the role to read the function through (as spec.roleArn); null for none
   */
  Diagnosis diagnose(String functionName, String region, String namespace, String roleArn) {
    String placeholder = placeholderUid(functionName);
    DesiredMount asked = MountAsFound.named(functionName, region, namespace, roleArn, placeholder);
    // A role the namespace may not use is not assumed, as in the operator.
    Plan refused = planner.refusal(asked);
    if (refused != null) {
      return new Diagnosis(functionName, null, null, null, null, null, refused, List.of());
    }
    AwsClients clients = aws.clients(asked.awsTarget(tenancy.externalId()));
    Fetched<FunctionView> function = observer.function(functionName, clients);
    if (!function.isFound()) {
      Observation obs = round.observe(asked, clients, Observer.Purpose.POLL);
      return new Diagnosis(
          functionName,
          null,
          null,
          null,
          null,
          null,
          planner.plan(asked, obs),
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
    DesiredMount desired =
        MountAsFound.of(fn, fileSystemId, region, namespace, roleArn, placeholder);
    Observation obs = round.observe(desired, clients, Observer.Purpose.POLL);
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
