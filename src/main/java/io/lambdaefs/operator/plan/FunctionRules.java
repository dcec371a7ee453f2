package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * The function's FileSystemConfigs and VpcConfig. Only those two are written, the VPC config merged
 * with what the function has, always guarded by RevisionId.
 */
final class FunctionRules {
  static final Duration UPDATE_RECHECK = Duration.ofSeconds(3);
  static final Duration PENDING_RECHECK = Duration.ofSeconds(5);

  private FunctionRules() {}

  static void apply(
      DesiredMount desired,
      FunctionView fn,
      AccessPointView accessPoint,
      NetworkRules.Topology topology,
      PlanBuilder b) {
    String otherOwner = fn.tags().get(OwnershipTags.OWNER_UID);
    if (otherOwner != null && !otherOwner.equals(desired.uid())) {
      b.block(
          Facet.FUNCTION,
          "FunctionAlreadyMounted",
          "Function "
              + fn.name()
              + " is already managed by "
              + "LambdaEfsMount "
              + fn.tags().getOrDefault(OwnershipTags.OWNER, "uid " + otherOwner)
              + " (tag "
              + OwnershipTags.OWNER_UID
              + "); Lambda allows one file system per function. Delete that "
              + "resource first, or remove the tag if it no longer exists.");
      return;
    }
    boolean ours = otherOwner != null;
    if (!ours
        && !fn.fileSystemConfigs().isEmpty()
        && !mountsWanted(desired, fn.fileSystemConfigs().get(0), accessPoint)) {
      b.block(
          Facet.FUNCTION,
          "FunctionAlreadyMounted",
          "Function "
              + fn.name()
              + " already mounts "
              + fn.fileSystemConfigs().get(0).accessPointArn()
              + " at "
              + fn.fileSystemConfigs().get(0).localMountPath()
              + ", which no LambdaEfsMount manages; Lambda allows one file system per function. Remove it from "
              + "the function first.");
      return;
    }
    if ("Pending".equals(fn.state())) {
      b.await(
          Facet.FUNCTION,
          "FunctionPending",
          "Function " + fn.name() + " is Pending.",
          PENDING_RECHECK);
      return;
    }
    if ("Failed".equals(fn.state())) {
      b.block(
          Facet.FUNCTION,
          "FunctionFailed",
          "Function "
              + fn.name()
              + " is in state Failed"
              + because(fn.stateReasonCode(), fn.stateReason())
              + ". Fix the function; nothing will be changed.");
      return;
    }
    if (fn.updateInProgress()) {
      b.await(
          Facet.FUNCTION,
          "FunctionUpdateInProgress",
          "Lambda is applying an update to " + fn.name() + " (LastUpdateStatus InProgress).",
          UPDATE_RECHECK);
      return;
    }
    if (accessPoint == null || topology == null) {
      // Not configured yet, and not this facet's fault: the access point's or the network's
      // condition says why.
      b.await(
          Facet.FUNCTION,
          Plan.WAITING_FOR_OTHER_FACET,
          "Function "
              + fn.name()
              + " is configured once "
              + (accessPoint == null ? "the access point is available." : "the network is ready."),
          UPDATE_RECHECK);
      return;
    }
    List<MountConfig> wantMounts = List.of(new MountConfig(accessPoint.arn(), desired.mountPath()));
    boolean mountsDiffer = !fn.fileSystemConfigs().equals(wantMounts);
    boolean vpcDiffers =
        !sameSet(fn.subnetIds(), topology.subnetIds())
            || !sameSet(fn.securityGroupIds(), topology.securityGroupIds());

    if ("Failed".equals(fn.lastUpdateStatus()) && !mountsDiffer && !vpcDiffers) {
      b.block(
          Facet.FUNCTION,
          "FunctionUpdateFailed",
          "Lambda could not apply the configuration to "
              + fn.name()
              + because(fn.lastUpdateStatusReasonCode(), fn.lastUpdateStatusReason())
              + ". Fix the cause; the operator retries when the spec changes.");
      return;
    }
    if (!mountsDiffer && !vpcDiffers) {
      return;
    }
    if (FunctionTags.configuredBefore(desired, fn)) {
      if (mountsDiffer) {
        b.drift.add(
            new DriftFinding(
                fn.fileSystemConfigs().isEmpty()
                    ? "FileSystemConfigRemoved"
                    : "FileSystemConfigChanged",
                "function.fileSystemConfigs",
                describe(wantMounts),
                describe(fn.fileSystemConfigs())));
      }
      if (vpcDiffers) {
        b.drift.add(
            new DriftFinding(
                "VpcConfigChanged",
                "function.vpcConfig",
                topology.subnetIds() + " " + topology.securityGroupIds(),
                fn.subnetIds() + " " + fn.securityGroupIds()));
      }
    }
    b.actions.add(
        new Action.UpdateFunction(
            fn.name(),
            fn.revisionId(),
            vpcDiffers
                ? new Action.VpcChange(
                    topology.subnetIds(), topology.securityGroupIds(), fn.ipv6AllowedForDualStack())
                : null,
            mountsDiffer ? wantMounts : null));
  }

  /**
   * Only the unqualified function ($LATEST) can be configured and tagged: a name with a version or
   * alias qualifier is a problem before anything is read or written. The CRD rejects it too; this
   * catches resources stored before it did. Returns true when blocked.
   */
  static boolean qualifiedName(DesiredMount desired, PlanBuilder b) {
    String qualifier = qualifier(desired.functionName());
    if (qualifier == null) {
      return false;
    }
    b.block(
        Facet.FUNCTION,
        "FunctionNameQualified",
        b.advice("spec.functionName ", "Function name ")
            + desired.functionName()
            + " names the version or alias '"
            + qualifier
            + "' of a function; only the unqualified function ($LATEST) can be configured and"
            + " tagged. Remove ':"
            + qualifier
            + b.advice("' from spec.functionName.", "' from the name."));
    return true;
  }

  /**
   * The qualifier of a function name or ARN ("name:prod", "...:function:name:3"), or null: in every
   * unqualified form the segment before the name is "function" or there is none.
   */
  static String qualifier(String functionName) {
    String[] parts = functionName == null ? new String[0] : functionName.split(":", -1);
    if (parts.length < 2 || parts[parts.length - 2].equals("function")) {
      return null;
    }
    return parts[parts.length - 1];
  }

  /**
   * The function already mounts the access point the spec wants, usable or not (an adopted one that
   * is unavailable is the access point's problem, not a second mount).
   */
  private static boolean mountsWanted(
      DesiredMount desired, MountConfig mounted, AccessPointView accessPoint) {
    if (accessPoint != null) {
      return mounted.accessPointArn().equals(accessPoint.arn());
    }
    return desired.adoptsAccessPoint()
        && mounted.accessPointArn().endsWith("/" + desired.existingAccessPointId());
  }

  /** " (Code: reason)" with whatever Lambda said, or nothing when it said nothing. */
  private static String because(String code, String reason) {
    if (code == null && reason == null) {
      return "";
    }
    return " (" + (code == null ? reason : reason == null ? code : code + ": " + reason) + ")";
  }

  static boolean sameSet(List<String> a, List<String> c) {
    return new HashSet<>(a).equals(new HashSet<>(c));
  }

  private static String describe(List<MountConfig> mounts) {
    return mounts.isEmpty()
        ? "none"
        : mounts.get(0).accessPointArn() + " at " + mounts.get(0).localMountPath();
  }
}
