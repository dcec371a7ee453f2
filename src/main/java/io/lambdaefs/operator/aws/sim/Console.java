package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.FileSystem;
import io.lambdaefs.operator.aws.sim.World.FsConfig;
import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.MountTarget;
import io.lambdaefs.operator.aws.sim.World.Rule;
import io.lambdaefs.operator.aws.sim.World.SecurityGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/**
 * Out-of-band changes, as a person in the AWS console would make them: no validation beyond the
 * existence of the object, no call counting, no faults. Unknown objects are an
 * IllegalArgumentException.
 */
public final class Console {
  private final SimulatedAws sim;
  private final World world;

  Console(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
  }

  /** Replaces the function's file system configs (no validation) and bumps its RevisionId. */
  public void setFunctionFileSystemConfigs(String functionName, List<FileSystemConfig> configs) {
    sim.locked(
        () -> {
          Function f = function(functionName);
          List<FsConfig> out = new ArrayList<>();
          configs.forEach(c -> out.add(new FsConfig(c.arn(), c.localMountPath())));
          f.fileSystemConfigs = out;
          changed(f);
        });
  }

  /**
   * Replaces the function's VPC config (empty lists = out of VPC; no validation) and bumps its
   * RevisionId.
   */
  public void setFunctionVpcConfig(
      String functionName, List<String> subnetIds, List<String> securityGroupIds) {
    sim.locked(
        () -> {
          Function f = function(functionName);
          f.subnetIds = new ArrayList<>(subnetIds);
          f.securityGroupIds = new ArrayList<>(securityGroupIds);
          changed(f);
        });
  }

  /**
   * Sets the function's VpcConfig.Ipv6AllowedForDualStack (no validation), bumps its RevisionId.
   */
  public void setFunctionIpv6AllowedForDualStack(String functionName, boolean allowed) {
    sim.locked(
        () -> {
          Function f = function(functionName);
          f.ipv6AllowedForDualStack = allowed;
          changed(f);
        });
  }

  public void deleteFunction(String functionName) {
    sim.locked(
        () -> {
          world.functions.remove(function(functionName).name);
        });
  }

  /**
   * The next accepted UpdateFunctionConfiguration ends with LastUpdateStatus Failed and this
   * reason.
   */
  public void failNextFunctionUpdate(String functionName, String reasonCode, String reason) {
    sim.locked(
        () -> {
          Function f = function(functionName);
          f.nextFailureCode = reasonCode;
          f.nextFailureReason = reason;
        });
  }

  /** Sets the function's State (e.g. Pending, Inactive, Failed); Active clears the state reason. */
  public void setFunctionState(String functionName, String state) {
    sim.locked(
        () -> {
          Function f = function(functionName);
          f.state = state;
          f.stateReason = "Active".equals(state) ? null : "State set out of band: " + state;
          f.stateReasonCode = "Active".equals(state) ? null : stateReasonCode(state);
        });
  }

  private static String stateReasonCode(String state) {
    switch (state) {
      case "Pending":
        return "Creating";
      case "Inactive":
        return "Idle";
      default:
        return "InternalError";
    }
  }

  public void revokeSecurityGroupRule(String ruleId) {
    sim.locked(
        () -> {
          for (SecurityGroup g : world.groups.values()) {
            if (g.rules.removeIf(r -> r.id.equals(ruleId))) {
              return;
            }
          }
          throw new IllegalArgumentException("no security group rule " + ruleId);
        });
  }

  /** Adds a rule (exactly one of peerGroupId and cidr) and returns its sgr- id. */
  public String addSecurityGroupRule(
      String groupId,
      boolean egress,
      String protocol,
      int fromPort,
      int toPort,
      String peerGroupId,
      String cidr) {
    return sim.locked(
        () -> {
          SecurityGroup g = world.groups.get(groupId);
          if (g == null) {
            throw new IllegalArgumentException("no security group " + groupId);
          }
          if ((peerGroupId == null) == (cidr == null)) {
            throw new IllegalArgumentException("give exactly one of peerGroupId and cidr");
          }
          Rule r = new Rule();
          r.groupId = groupId;
          r.egress = egress;
          r.protocol = SimEc2.normalizeProtocol(protocol);
          r.fromPort = r.protocol.equals("-1") ? -1 : fromPort;
          r.toPort = r.protocol.equals("-1") ? -1 : toPort;
          r.peerGroupId = peerGroupId;
          r.cidr = cidr;
          r.id = world.ids.next("sgr", 17);
          g.rules.add(r);
          return r.id;
        });
  }

  public void deleteAccessPoint(String accessPointId) {
    sim.locked(
        () -> {
          AccessPoint ap = world.accessPoints.get(accessPointId);
          if (ap == null) {
            throw new IllegalArgumentException("no access point " + accessPointId);
          }
          EfsAccessPoints.remove(world, ap, sim.settings().clientTokensOutliveAccessPoints());
        });
  }

  /** Creates an access point that is available at once; returns its fsap- id. */
  public String createAccessPoint(String fileSystemId, long uid, long gid, String rootPath) {
    return createAccessPoint(fileSystemId, uid, gid, rootPath, Map.of());
  }

  /** Creates an access point with these tags that is available at once; returns its fsap- id. */
  public String createAccessPoint(
      String fileSystemId, long uid, long gid, String rootPath, Map<String, String> tags) {
    return sim.locked(
        () -> {
          if (!world.fileSystems.containsKey(fileSystemId)) {
            throw new IllegalArgumentException("no file system " + fileSystemId);
          }
          AccessPoint ap = new AccessPoint();
          ap.id = world.ids.next("fsap", 17);
          ap.fileSystemId = fileSystemId;
          ap.uid = uid;
          ap.gid = gid;
          ap.path = rootPath;
          ap.clientToken = "console-" + ap.id;
          ap.tags.putAll(tags);
          world.accessPoints.put(ap.id, ap);
          world.clientTokens.put(ap.clientToken, ap.id);
          return ap.id;
        });
  }

  /**
   * Sets a mount target's LifeCycleState (creating, available, updating, deleting, deleted, error).
   */
  public void setMountTargetState(String mountTargetId, String state) {
    sim.locked(
        () -> {
          MountTarget mt = world.mountTargets.get(mountTargetId);
          if (mt == null) {
            throw new IllegalArgumentException("no mount target " + mountTargetId);
          }
          mt.state = state;
        });
  }

  /** Deletes a mount target, as someone in the console would. */
  public void deleteMountTarget(String mountTargetId) {
    sim.locked(
        () -> {
          if (world.mountTargets.remove(mountTargetId) == null) {
            throw new IllegalArgumentException("no mount target " + mountTargetId);
          }
        });
  }

  /** Deletes a file system with its mount targets and access points. */
  public void deleteFileSystem(String fileSystemId) {
    sim.locked(
        () -> {
          if (world.fileSystems.remove(fileSystemId) == null) {
            throw new IllegalArgumentException("no file system " + fileSystemId);
          }
          world.mountTargets.values().removeIf(mt -> mt.fileSystemId.equals(fileSystemId));
          for (AccessPoint ap : new ArrayList<>(world.accessPoints.values())) {
            if (ap.fileSystemId.equals(fileSystemId)) {
              EfsAccessPoints.remove(world, ap, sim.settings().clientTokensOutliveAccessPoints());
            }
          }
        });
  }

  /** Sets (value) or removes (null) a tag of a function, as its owner would. */
  public void setFunctionTag(String functionName, String key, String value) {
    sim.locked(() -> setTag(function(functionName).tags, key, value));
  }

  /** Sets (value) or removes (null) a tag of a file system. */
  public void setFileSystemTag(String fileSystemId, String key, String value) {
    sim.locked(
        () -> {
          FileSystem fs = world.fileSystems.get(fileSystemId);
          if (fs == null) {
            throw new IllegalArgumentException("no file system " + fileSystemId);
          }
          setTag(fs.tags, key, value);
        });
  }

  /** Sets (value) or removes (null) a tag of a role of this account. */
  public void setRoleTag(String roleName, String key, String value) {
    sim.locked(
        () -> {
          World.Role role = world.roles.get(roleName);
          if (role == null) {
            throw new IllegalArgumentException("no role " + roleName);
          }
          setTag(role.tags, key, value);
        });
  }

  private static void setTag(Map<String, String> tags, String key, String value) {
    if (value == null) {
      tags.remove(key);
    } else {
      tags.put(key, value);
    }
  }

  /**
   * Replaces the caller's identity policy (JSON), as an administrator editing the operator's role
   * would; IllegalArgumentException if it is not a valid identity policy.
   */
  public void setCallerPolicy(String document) {
    sim.locked(
        () -> {
          world.identityPolicy(document);
          sim.simulation().callerPolicy = document;
        });
  }

  /** Sets a file system's policy (JSON), or removes it (null): EFS then uses its default policy. */
  public void setFileSystemPolicy(String fileSystemId, String document) {
    sim.locked(
        () -> {
          FileSystem fs = world.fileSystems.get(fileSystemId);
          if (fs == null) {
            throw new IllegalArgumentException("no file system " + fileSystemId);
          }
          if (document != null) {
            world.resourcePolicy(document);
          }
          fs.policy = document;
        });
  }

  private Function function(String name) {
    Function f = SimLambda.lookup(world, name);
    if (f == null) {
      throw new IllegalArgumentException("no function " + name);
    }
    world.resolve(f, sim.now());
    return f;
  }

  private void changed(Function f) {
    f.lastModified = sim.now();
    SimLambda.bumpRevision(f);
  }
}
