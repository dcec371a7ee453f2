package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.SimLambda.conflict;
import static io.lambdaefs.operator.aws.sim.SimLambda.invalid;
import static io.lambdaefs.operator.aws.sim.SimLambda.preconditionFailed;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.FsConfig;
import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.MountTarget;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import io.lambdaefs.operator.aws.sim.World.Subnet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/** Validates an UpdateFunctionConfiguration request the way Lambda does, then applies it. */
final class LambdaUpdate {
  static final Pattern LOCAL_MOUNT_PATH = Pattern.compile("^/mnt/[a-zA-Z0-9-_.]+$");
  static final String ACCESS_POINT_ARN_REGEX =
      "arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?"
          + "-[a-z]+-\\d{1}:\\d{12}:access-point/fsap-[a-f0-9]{17}";
  private static final Pattern ACCESS_POINT_ARN = Pattern.compile(ACCESS_POINT_ARN_REGEX);

  private final World world;
  private final Function f;
  private final UpdateFunctionConfigurationRequest r;

  LambdaUpdate(World world, Function f, UpdateFunctionConfigurationRequest r) {
    this.world = world;
    this.f = f;
    this.r = r;
  }

  void validateAndApply(Instant now, Duration delay) {
    List<FsConfig> fileSystems =
        r.hasFileSystemConfigs() ? checkShape(r.fileSystemConfigs()) : f.fileSystemConfigs;
    boolean vpcGiven = r.vpcConfig() != null;
    List<String> subnets =
        vpcGiven
            ? copy(r.vpcConfig().hasSubnetIds() ? r.vpcConfig().subnetIds() : null)
            : f.subnetIds;
    List<String> groups =
        vpcGiven
            ? copy(r.vpcConfig().hasSecurityGroupIds() ? r.vpcConfig().securityGroupIds() : null)
            : f.securityGroupIds;
    // Kept when the update leaves it out (as Lambda does), and refused without subnets.
    boolean ipv6 =
        vpcGiven && r.vpcConfig().ipv6AllowedForDualStack() != null
            ? r.vpcConfig().ipv6AllowedForDualStack()
            : f.ipv6AllowedForDualStack;
    if (ipv6 && subnets.isEmpty()) {
      throw invalid(
          "Ipv6AllowedForDualStack cannot be true without subnet or security groups. Please remove"
              + " Ipv6AllowedForDualStack value from your request and try again.");
    }
    if (subnets.size() > 16) {
      throw invalid(
          validation(
              "vpcConfig.subnetIds", subnets, "Member must have length less than or equal to 16"));
    }
    if (groups.size() > 5) {
      throw invalid(
          validation(
              "vpcConfig.securityGroupIds",
              groups,
              "Member must have length less than or equal to 5"));
    }
    String arn = world.functionArn(f.name);
    if ("Pending".equals(f.state)) {
      throw conflict(
          "The operation cannot be performed at this time. The function is currently in the following"
              + " state: Pending");
    }
    if ("InProgress".equals(f.lastUpdateStatus)) {
      throw conflict(
          "The operation cannot be performed at this time. An update is in progress for resource: "
              + arn);
    }
    if (r.revisionId() != null && !r.revisionId().equals(f.revisionId)) {
      throw preconditionFailed(
          "The Revision Id provided does not match the latest Revision Id. Call the"
              + " GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    String roleName = f.roleName;
    if (r.role() != null) {
      roleName = r.role().substring(r.role().lastIndexOf('/') + 1);
      if (!r.role().equals(world.roleArn(roleName)) || !world.roles.containsKey(roleName)) {
        throw invalid("The role defined for the function cannot be assumed by Lambda.");
      }
    }
    String vpcId = checkVpc(subnets, groups);
    if (vpcGiven && !subnets.isEmpty()) {
      checkRoleMayCreateNetworkInterfaces(world.roles.get(roleName), subnets, groups);
    }
    checkFileSystems(fileSystems, subnets, vpcId, vpcGiven);

    f.roleName = roleName;
    f.subnetIds = subnets;
    f.securityGroupIds = groups;
    f.ipv6AllowedForDualStack = ipv6;
    f.fileSystemConfigs = new ArrayList<>(fileSystems);
    f.lastModified = now;
    f.lastUpdateStatus = "InProgress";
    f.lastUpdateStatusReason = "The function is being created.";
    f.lastUpdateStatusReasonCode = "Creating";
    f.updateDoneAt = now.plus(delay);
    f.pendingFailureCode = f.nextFailureCode;
    f.pendingFailureReason = f.nextFailureReason;
    f.nextFailureCode = null;
    f.nextFailureReason = null;
    SimLambda.bumpRevision(f);
    world.resolve(f, now);
  }

  private static List<String> copy(List<String> values) {
    return values == null ? new ArrayList<>() : new ArrayList<>(new LinkedHashSet<>(values));
  }

  private static String validation(String member, Object value, String constraint) {
    return "1 validation error detected: Value '"
        + value
        + "' at '"
        + member
        + "' failed to satisfy constraint: "
        + constraint;
  }

  private List<FsConfig> checkShape(List<FileSystemConfig> configs) {
    if (configs.size() > 1) {
      throw invalid(
          validation(
              "fileSystemConfigs", configs, "Member must have length less than or equal to 1"));
    }
    List<FsConfig> out = new ArrayList<>();
    int i = 1;
    for (FileSystemConfig c : configs) {
      String path = c.localMountPath();
      if (path == null || path.length() > 160 || !LOCAL_MOUNT_PATH.matcher(path).matches()) {
        throw invalid(
            validation(
                "fileSystemConfigs." + i + ".member.localMountPath",
                path,
                "Member must satisfy regular expression pattern: ^/mnt/[a-zA-Z0-9-_.]+$ and have length less than or"
                    + " equal to 160"));
      }
      if (c.arn() == null
          || c.arn().length() > 200
          || !ACCESS_POINT_ARN.matcher(c.arn()).matches()) {
        throw invalid(
            validation(
                "fileSystemConfigs." + i + ".member.arn",
                c.arn(),
                "Member must satisfy regular expression pattern: " + ACCESS_POINT_ARN_REGEX));
      }
      out.add(new FsConfig(c.arn(), path));
      i++;
    }
    return out;
  }

  /**
   * Checks subnets and security groups; returns the VPC id, or null when the function is not in a
   * VPC.
   */
  private String checkVpc(List<String> subnets, List<String> groups) {
    if (subnets.isEmpty() != groups.isEmpty()) {
      throw invalid(
          subnets.isEmpty()
              ? "SubnetIds are required when SecurityGroupIds are specified."
              : "SecurityGroupIds are required when SubnetIds are specified.");
    }
    String vpcId = null;
    for (String id : subnets) {
      Subnet s = world.subnets.get(id);
      if (s == null) {
        throw invalid(
            "Error occurred while DescribeSubnets. EC2 Error Code: InvalidSubnetID.NotFound. EC2 Error"
                + " Message: The subnet ID '"
                + id
                + "' does not exist");
      }
      if (vpcId != null && !vpcId.equals(s.vpcId)) {
        throw invalid(
            "Subnets "
                + subnets
                + " belong to different VPCs. All subnets of a function must belong to"
                + " the same VPC.");
      }
      vpcId = s.vpcId;
    }
    for (String id : groups) {
      SecurityGroup g = world.groups.get(id);
      if (g == null) {
        throw invalid(
            "Error occurred while DescribeSecurityGroups. EC2 Error Code: InvalidGroup.NotFound. EC2 Error"
                + " Message: The security group '"
                + id
                + "' does not exist");
      }
      if (!g.vpcId.equals(vpcId)) {
        throw invalid(
            "Security group "
                + id
                + " belongs to "
                + g.vpcId
                + ", but the subnets belong to "
                + vpcId
                + ". Subnets and security groups must belong to the same VPC.");
      }
    }
    return vpcId;
  }

  /**
   * Lambda creates the function's network interfaces with the execution role and checks at once
   * that it may; it sees the role as IAM has propagated it, so this fails for a while after a
   * PutRolePolicy that grants it.
   */
  private void checkRoleMayCreateNetworkInterfaces(
      World.Role role, List<String> subnets, List<String> groups) {
    List<String> resources = new ArrayList<>();
    resources.add(world.ec2Arn("network-interface", "*"));
    subnets.forEach(s -> resources.add(world.ec2Arn("subnet", s)));
    groups.forEach(g -> resources.add(world.ec2Arn("security-group", g)));
    for (String resource : resources) {
      if (!RolePolicies.allows(
          world, role, null, "ec2:CreateNetworkInterface", resource, Map.of())) {
        throw invalid(
            "The provided execution role does not have permissions to call CreateNetworkInterface"
                + " on EC2");
      }
    }
  }

  private void checkFileSystems(
      List<FsConfig> configs, List<String> subnets, String vpcId, boolean vpcGiven) {
    if (configs.isEmpty()) {
      return;
    }
    if (subnets.isEmpty()) {
      throw invalid(
          vpcGiven && !r.hasFileSystemConfigs()
              ? "The VPC configuration cannot be removed while the function has a file system configuration. Remove"
                  + " the file system configuration first."
              : "A function with a file system configuration must be connected to a VPC. Specify VpcConfig with"
                  + " subnets and security groups.");
    }
    for (FsConfig c : configs) {
      String apId = c.arn().substring(c.arn().lastIndexOf('/') + 1);
      AccessPoint ap = world.accessPoints.get(apId);
      if (ap == null || !c.arn().equals(world.accessPointArn(apId))) {
        throw invalid("EFS access point " + c.arn() + " not found.");
      }
      if (!"available".equals(ap.state)) {
        throw invalid(
            "EFS access point "
                + c.arn()
                + " is not available (LifeCycleState: "
                + ap.state
                + ").");
      }
      String fsArn = world.fileSystemArn(ap.fileSystemId);
      List<MountTarget> targets = new ArrayList<>();
      for (MountTarget mt : world.mountTargets.values()) {
        if (mt.fileSystemId.equals(ap.fileSystemId)) {
          targets.add(mt);
        }
      }
      for (MountTarget mt : targets) {
        String mtVpc = world.subnets.get(mt.subnetId).vpcId;
        if (!mtVpc.equals(vpcId)) {
          throw invalid(
              "EFS file system "
                  + fsArn
                  + " has mount targets in VPC "
                  + mtVpc
                  + ", but the function is"
                  + " configured for VPC "
                  + vpcId
                  + ". The function and the mount targets must be in the same VPC.");
        }
      }
      Set<String> covered = new LinkedHashSet<>();
      for (MountTarget mt : targets) {
        if ("available".equals(mt.state)) {
          covered.add(world.subnets.get(mt.subnetId).availabilityZoneId);
        }
      }
      for (String s : subnets) {
        if (!covered.contains(world.subnets.get(s).availabilityZoneId)) {
          throw invalid(
              "EFS file system "
                  + fsArn
                  + " referenced by access point "
                  + c.arn()
                  + " does not have"
                  + " mount targets created in all availability zones the function will execute in. Please create EFS"
                  + " mount targets in availability zones where the function has vpc subnets.");
        }
      }
    }
  }
}
