package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.RouteView;
import io.lambdaefs.operator.observe.SubnetView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the function runs, whether every one of its AZs has a mount target, and NFS between them.
 */
final class NetworkRules {
  static final Duration MOUNT_TARGET_RECHECK = Duration.ofSeconds(15);

  /** The function's VPC configuration after merging the spec into what it has. */
  record Topology(
      List<String> subnetIds,
      List<String> securityGroupIds,
      String vpcId,
      List<MountTargetView> mountTargets) {}

  private NetworkRules() {}

  static Topology apply(
      DesiredMount desired,
      Observation obs,
      FunctionView function,
      FileSystemView fs,
      PlanBuilder b) {
    List<String> subnets = merged(function.subnetIds(), desired.subnetIds());
    List<String> groups =
        merged(
            function.inVpc() ? function.securityGroupIds() : List.of(), desired.securityGroupIds());
    if (!function.inVpc() && FunctionTags.configuredBefore(desired, function)) {
      b.drift.add(
          new DriftFinding(
              "FunctionLeftVpc",
              "function.vpcConfig",
              "subnets of " + fs.id() + "'s VPC",
              "no VPC"));
    }
    if (subnets.isEmpty()) {
      b.block(
          Facet.NETWORK,
          "FunctionNotInVpc",
          "Function "
              + function.name()
              + b.advice(
                  " is not in a VPC and spec.network.subnetIds is empty. Set"
                      + " spec.network.subnetIds (and securityGroupIds) to subnets of the VPC of ",
                  " is not in a VPC. Give it a VpcConfig with subnets of the VPC of ")
              + fs.id()
              + ".");
      return null;
    }
    if (groups.isEmpty()) {
      b.block(
          Facet.NETWORK,
          "NoSecurityGroups",
          "Function "
              + function.name()
              + b.advice(
                  " has no security groups and spec.network.securityGroupIds is empty. Set"
                      + " spec.network.securityGroupIds.",
                  " has no security groups. Give its VpcConfig security groups."));
      return null;
    }
    if (obs.subnets().isAbsent()) {
      b.block(
          Facet.NETWORK,
          "SubnetNotFound",
          "A subnet of "
              + subnets
              + " does not exist: "
              + obs.subnets().error().message()
              + subnetAdvice(b));
      return null;
    }
    if (b.readFailed(Facet.NETWORK, "DescribeSubnets", String.join(",", subnets), obs.subnets())) {
      return null;
    }
    Map<String, SubnetView> subnetViews = obs.subnets().value();
    Set<String> vpcs = new TreeSet<>();
    for (String id : subnets) {
      SubnetView s = subnetViews.get(id);
      if (s == null) {
        b.block(
            Facet.NETWORK, "SubnetNotFound", "Subnet " + id + " does not exist" + subnetAdvice(b));
        return null;
      }
      vpcs.add(s.vpcId());
    }
    if (vpcs.size() > 1) {
      b.block(
          Facet.NETWORK,
          "SubnetsInDifferentVpcs",
          "Subnets "
              + subnets
              + " span VPCs "
              + vpcs
              + "; a function runs in one VPC. Keep subnets of the file system's VPC only.");
      return null;
    }
    String vpcId = vpcs.iterator().next();
    if (fs.mountTargets().isEmpty()) {
      b.block(
          Facet.NETWORK,
          "NoMountTargets",
          "File system "
              + fs.id()
              + " has no mount targets. Create one "
              + "in each Availability Zone of the function's subnets (in "
              + vpcId
              + ").");
      return null;
    }
    String fsVpc = fs.mountTargets().get(0).vpcId();
    if (!vpcId.equals(fsVpc)) {
      b.block(
          Facet.NETWORK,
          "VpcMismatch",
          "Function "
              + function.name()
              + " runs in "
              + vpcId
              + " but the "
              + "mount targets of "
              + fs.id()
              + " are in "
              + fsVpc
              + ". Use subnets of "
              + fsVpc
              + b.advice(" (spec.network.subnetIds)", " in the function's VpcConfig")
              + " or a file system in "
              + vpcId
              + ".");
      return null;
    }
    List<MountTargetView> used = coverage(function, fs, subnets, subnetViews, b);
    if (used == null) {
      return null;
    }
    if (b.readFailed(
        Facet.NETWORK, "DescribeRouteTables", String.join(",", subnets), obs.routes())) {
      // The move into the VPC waits for the read that tells whether it cuts the internet off.
      return null;
    }
    internetAccess(function, obs, b);
    Topology topology = new Topology(subnets, groups, vpcId, used);
    NfsRules.apply(desired, obs, function, topology, subnetViews, b);
    return topology;
  }

  /**
   * Every AZ (by AZ id, which is the same across accounts) of the function needs an available mount
   * target.
   */
  private static List<MountTargetView> coverage(
      FunctionView function,
      FileSystemView fs,
      List<String> subnets,
      Map<String, SubnetView> subnetViews,
      PlanBuilder b) {
    List<MountTargetView> used = new ArrayList<>();
    for (String subnetId : subnets) {
      SubnetView s = subnetViews.get(subnetId);
      MountTargetView mt =
          fs.mountTargets().stream()
              .filter(m -> s.azId().equals(m.azId()))
              .findFirst()
              .orElse(null);
      if (mt == null) {
        String oneZone =
            fs.oneZoneAzId() == null
                ? ""
                : " "
                    + fs.id()
                    + " is a One Zone file system in "
                    + fs.oneZoneAzId()
                    + ": the function may only use subnets of that AZ.";
        b.block(
            Facet.NETWORK,
            "MountTargetMissing",
            "Subnet "
                + subnetId
                + " of function "
                + function.name()
                + " is in "
                + s.azName()
                + " ("
                + s.azId()
                + "), where "
                + fs.id()
                + " has no mount target."
                + oneZone
                + " Create a mount target there or remove the subnet from the function.");
        return null;
      }
      if (!mt.available()) {
        b.await(
            Facet.NETWORK,
            "MountTargetNotAvailable",
            "Mount target "
                + mt.id()
                + " of "
                + fs.id()
                + " in "
                + mt.azId()
                + " is "
                + mt.state()
                + (mt.securityGroupIds().isEmpty()
                    ? " (EFS cannot tell its security groups yet)."
                    : "."),
            MOUNT_TARGET_RECHECK);
      }
      if (!used.contains(mt)) {
        used.add(mt);
      }
    }
    return b.blockedOrWaiting(Facet.NETWORK) ? null : used;
  }

  /**
   * A function that had no VPC reaches the internet; in a VPC it does so only through a NAT gateway
   * (or VPC endpoints). Moving it is what the user asked for, so this warns instead of blocking.
   */
  private static void internetAccess(FunctionView function, Observation obs, PlanBuilder b) {
    if (function.inVpc() || obs.routes() == null || !obs.routes().isFound()) {
      return;
    }
    List<String> isolated =
        obs.routes().value().stream()
            .filter(r -> !r.natGateway())
            .map(NetworkRules::describe)
            .toList();
    if (!isolated.isEmpty()) {
      b.warn(
          Facet.NETWORK,
          "NoInternetAfterVpcMove",
          "Function "
              + function.name()
              + " has no VPC today and "
              + "will be moved into "
              + isolated
              + ", which route 0.0.0.0/0 through no NAT gateway: it loses "
              + "internet access (AWS APIs included, unless VPC endpoints exist). Use subnets with a NAT gateway "
              + "if it needs the internet.");
    }
  }

  /** "subnet-x (main route table rtb-y)": which table decides, since the main one may. */
  private static String describe(RouteView r) {
    if (r.routeTableId() == null) {
      return r.subnetId();
    }
    return r.subnetId()
        + " ("
        + (r.mainTable() ? "main route table " : "route table ")
        + r.routeTableId()
        + ")";
  }

  /** The function's list first, then what the spec adds; order kept, duplicates dropped. */
  static List<String> merged(List<String> current, List<String> wanted) {
    LinkedHashSet<String> all = new LinkedHashSet<>(current);
    all.addAll(wanted);
    return List.copyOf(all);
  }

  private static String subnetAdvice(PlanBuilder b) {
    return b.advice(
        ". Correct spec.network.subnetIds.", ". Correct the subnets of the function's VpcConfig.");
  }
}
