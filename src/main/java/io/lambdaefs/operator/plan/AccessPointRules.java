package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Which access point the function mounts: adopted, found by its owner tag, or to be created. */
final class AccessPointRules {
  static final Duration CREATING_RECHECK = Duration.ofSeconds(1);
  private static final Set<String> GONE = Set.of("deleting", "deleted");

  private AccessPointRules() {}

  /** Returns the access point the function should mount, or null when it is not usable yet. */
  static AccessPointView apply(
      DesiredMount desired, Observation obs, FunctionView function, PlanBuilder b) {
    if (b.readFailed(
        Facet.ACCESS_POINT, "DescribeAccessPoints", desired.fileSystemId(), obs.accessPoints())) {
      return null;
    }
    List<AccessPointView> all = obs.accessPoints().value();
    AccessPointView current;
    if (desired.adoptsAccessPoint()) {
      current = adopted(desired, obs, all, b);
    } else {
      // One being deleted (out of band) is gone for this purpose: a new one is needed. Should two
      // match (never by the operator's doing), the one mounted, else an available one, is kept.
      current =
          all.stream()
              .filter(ap -> OwnershipTags.ownedBy(ap.tags(), desired.uid()))
              .filter(ap -> matches(ap, desired.accessPointParams()))
              .filter(ap -> !GONE.contains(ap.state()))
              .min(
                  Comparator.comparing((AccessPointView ap) -> !mounts(function, ap))
                      .thenComparing(ap -> !ap.available()))
              .orElse(null);
      if (current == null) {
        RootDirectoryRules.beforeCreate(desired, b);
        b.actions.add(
            new Action.CreateAccessPoint(
                desired.clientToken(),
                desired.fileSystemId(),
                desired.accessPointParams(),
                desired.accessPointCreateTags()));
        if (createdBefore(desired, function)) {
          b.drift.add(
              new DriftFinding(
                  "AccessPointDeleted",
                  "accessPoint",
                  "access point on "
                      + desired.fileSystemId()
                      + " tagged "
                      + OwnershipTags.OWNER_UID
                      + "="
                      + desired.uid(),
                  "none (deleted out of band)"));
        }
        return null;
      }
    }
    if (current == null) {
      return null;
    }
    b.accessPoint =
        new Report.AccessPointRef(current.id(), current.arn(), !desired.adoptsAccessPoint());
    RootDirectoryRules.existing(desired, current, b);
    if (!current.available()) {
      if ("creating".equals(current.state())) {
        b.await(
            Facet.ACCESS_POINT,
            "AccessPointCreating",
            "Access point " + current.id() + " is being created by EFS.",
            CREATING_RECHECK);
      } else {
        b.block(
            Facet.ACCESS_POINT,
            "AccessPointUnavailable",
            "Access point "
                + current.id()
                + " is "
                + current.state()
                + ", not available. Use another access point or recreate it.");
      }
      return null;
    }
    return current;
  }

  private static AccessPointView adopted(
      DesiredMount desired, Observation obs, List<AccessPointView> all, PlanBuilder b) {
    String id = desired.existingAccessPointId();
    AccessPointView onFileSystem =
        all.stream().filter(ap -> ap.id().equals(id)).findFirst().orElse(null);
    if (onFileSystem != null) {
      return onFileSystem;
    }
    var elsewhere = obs.adoptedAccessPoint();
    if (elsewhere != null && elsewhere.isFound()) {
      b.block(
          Facet.ACCESS_POINT,
          "AccessPointOnOtherFileSystem",
          "Access point "
              + id
              + " belongs to "
              + elsewhere.value().fileSystemId()
              + ", not to "
              + desired.fileSystemId()
              + ". Use an access point of "
              + desired.fileSystemId()
              + b.advice(" or correct spec.fileSystemId.", "."));
    } else if (elsewhere == null || elsewhere.isAbsent()) {
      b.block(
          Facet.ACCESS_POINT,
          "AccessPointNotFound",
          "Access point "
              + id
              + " does not exist"
              + Planner.inRegion(desired)
              + b.advice(
                  ". Correct spec.accessPoint.existingId or use posixUser to have the operator"
                      + " create one.",
                  ". Point the function's FileSystemConfigs at an existing access point; or"
                      + " declare the mount in a LambdaEfsMount with posixUser and the operator"
                      + " creates one."));
    } else {
      b.readFailed(Facet.ACCESS_POINT, "DescribeAccessPoints", id, elsewhere);
    }
    return null;
  }

  /** An access point is never modified in place; one whose settings differ is replaced. */
  static boolean matches(AccessPointView ap, AccessPointParams want) {
    return Objects.equals(ap.uid(), want.uid())
        && Objects.equals(ap.gid(), want.gid())
        && ap.secondaryGids().stream()
            .sorted()
            .toList()
            .equals(want.secondaryGids().stream().sorted().toList())
        && Objects.equals(ap.rootPath(), want.rootPath());
  }

  /**
   * The function carries our tag: the operator configured it before, so a missing access point is
   * drift.
   */
  private static boolean createdBefore(DesiredMount desired, FunctionView function) {
    return FunctionTags.configuredBefore(desired, function)
        && !function.fileSystemConfigs().isEmpty();
  }

  /**
   * Owned access points that no longer match the spec are deleted once the function has moved off
   * them, so a settings change never leaks the old access point. They are found by their own owner
   * tags on the file system's list, not through the function.
   */
  static void deleteSuperseded(
      DesiredMount desired,
      Observation obs,
      FunctionView function,
      AccessPointView current,
      PlanBuilder b) {
    if (obs.accessPoints() == null
        || !obs.accessPoints().isFound()
        || function.updateInProgress()) {
      return;
    }
    for (AccessPointView ap : ownedAnywhere(obs, desired.uid())) {
      boolean superseded =
          current != null
              ? !ap.id().equals(current.id())
              : desired.adoptsAccessPoint()
                  || !ap.fileSystemId().equals(desired.fileSystemId())
                  || !matches(ap, desired.accessPointParams());
      if (superseded && !mounts(function, ap) && !GONE.contains(ap.state())) {
        b.actions.add(new Action.DeleteAccessPoint(ap.id()));
      }
    }
  }

  private static boolean mounts(FunctionView function, AccessPointView ap) {
    return function.fileSystemConfigs().stream().anyMatch(m -> m.accessPointArn().equals(ap.arn()));
  }

  /** The access points tagged as this resource's: on the file system, and left on another one. */
  static List<AccessPointView> ownedAnywhere(Observation obs, String uid) {
    List<AccessPointView> all = new ArrayList<>();
    if (obs.accessPoints() != null && obs.accessPoints().isFound()) {
      all.addAll(obs.accessPoints().value());
    }
    if (obs.elsewhere() != null && obs.elsewhere().isFound()) {
      all.addAll(obs.elsewhere().value());
    }
    return all.stream().filter(ap -> OwnershipTags.ownedBy(ap.tags(), uid)).toList();
  }
}
