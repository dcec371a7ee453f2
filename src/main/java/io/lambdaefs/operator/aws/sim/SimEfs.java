package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.EFS;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.FileSystem;
import io.lambdaefs.operator.aws.sim.World.MountTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.CreationInfo;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemPolicyResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.FileSystemSize;
import software.amazon.awssdk.services.efs.model.IncorrectMountTargetStateException;
import software.amazon.awssdk.services.efs.model.InvalidPolicyException;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.MountTargetNotFoundException;
import software.amazon.awssdk.services.efs.model.PolicyNotFoundException;
import software.amazon.awssdk.services.efs.model.PosixUser;
import software.amazon.awssdk.services.efs.model.PutFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.PutFileSystemPolicyResponse;
import software.amazon.awssdk.services.efs.model.RootDirectory;
import software.amazon.awssdk.services.efs.model.Tag;

/** The simulated EFS API: file systems, their policies, mount targets and access points. */
final class SimEfs implements EfsClient {
  private final SimulatedAws sim;
  private final World world;

  SimEfs(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  @Override
  public DescribeFileSystemsResponse describeFileSystems(DescribeFileSystemsRequest request) {
    return sim.call(
        EFS,
        "DescribeFileSystems",
        request,
        () -> {
          List<FileSystemDescription> out = new ArrayList<>();
          if (request.fileSystemId() != null) {
            out.add(describe(fileSystem(request.fileSystemId())));
          } else {
            world.fileSystems.values().forEach(fs -> out.add(describe(fs)));
          }
          return DescribeFileSystemsResponse.builder().fileSystems(out).build();
        });
  }

  @Override
  public DescribeMountTargetsResponse describeMountTargets(DescribeMountTargetsRequest request) {
    return sim.call(
        EFS,
        "DescribeMountTargets",
        request,
        () -> {
          List<MountTargetDescription> out = new ArrayList<>();
          if (request.mountTargetId() != null) {
            out.add(describe(mountTarget(request.mountTargetId())));
          } else {
            String fsId = request.fileSystemId();
            if (fsId == null && request.accessPointId() != null) {
              fsId = accessPoint(request.accessPointId()).fileSystemId;
            }
            if (fsId == null) {
              throw badRequest("Specify one of FileSystemId, MountTargetId or AccessPointId.");
            }
            fileSystem(fsId);
            for (MountTarget mt : world.mountTargets.values()) {
              if (mt.fileSystemId.equals(fsId)) {
                out.add(describe(mt));
              }
            }
          }
          return DescribeMountTargetsResponse.builder().mountTargets(out).build();
        });
  }

  @Override
  public DescribeMountTargetSecurityGroupsResponse describeMountTargetSecurityGroups(
      DescribeMountTargetSecurityGroupsRequest request) {
    return sim.call(
        EFS,
        "DescribeMountTargetSecurityGroups",
        request,
        () -> {
          MountTarget mt = mountTarget(request.mountTargetId());
          // The groups are those of the mount target's network interface, which a mount target
          // being created does not have yet.
          if ("creating".equals(mt.state)) {
            throw EFS.error(
                IncorrectMountTargetStateException.builder().errorCode("IncorrectMountTargetState"),
                "IncorrectMountTargetState",
                409,
                "Mount target '" + mt.id + "' is in the 'creating' state.");
          }
          return DescribeMountTargetSecurityGroupsResponse.builder()
              .securityGroups(new ArrayList<>(mt.securityGroupIds))
              .build();
        });
  }

  @Override
  public DescribeAccessPointsResponse describeAccessPoints(DescribeAccessPointsRequest request) {
    return sim.call(
        EFS,
        "DescribeAccessPoints",
        request,
        () -> {
          List<AccessPoint> matching = new ArrayList<>();
          if (request.accessPointId() != null) {
            matching.add(accessPoint(request.accessPointId()));
          } else {
            if (request.fileSystemId() != null) {
              fileSystem(request.fileSystemId());
            }
            for (AccessPoint ap : world.accessPoints.values()) {
              if (request.fileSystemId() == null
                  || ap.fileSystemId.equals(request.fileSystemId())) {
                matching.add(ap);
              }
            }
          }
          matching.forEach(ap -> world.resolve(ap, sim.now()));
          int max = request.maxResults() == null ? 100 : request.maxResults();
          if (max < 1) {
            throw badRequest("MaxResults must be at least 1.");
          }
          Paging.Page<AccessPoint> page =
              Paging.page(
                  matching,
                  ap -> ap.id,
                  request.nextToken(),
                  max,
                  () -> badRequest("Invalid NextToken."));
          List<AccessPointDescription> out = new ArrayList<>();
          page.items().forEach(ap -> out.add(describe(ap)));
          return DescribeAccessPointsResponse.builder()
              .accessPoints(out)
              .nextToken(page.nextToken())
              .build();
        });
  }

  @Override
  public CreateAccessPointResponse createAccessPoint(CreateAccessPointRequest request) {
    return sim.call(
        EFS,
        "CreateAccessPoint",
        request,
        () -> {
          AccessPoint ap =
              EfsAccessPoints.create(
                  world, request, sim.now(), sim.settings().accessPointCreateDelay());
          return Pojos.copy(describe(ap), CreateAccessPointResponse.builder()).build();
        });
  }

  @Override
  public DeleteAccessPointResponse deleteAccessPoint(DeleteAccessPointRequest request) {
    return sim.call(
        EFS,
        "DeleteAccessPoint",
        request,
        () -> {
          AccessPoint ap = accessPoint(request.accessPointId());
          EfsAccessPoints.remove(world, ap, sim.settings().clientTokensOutliveAccessPoints());
          return DeleteAccessPointResponse.builder().build();
        });
  }

  @Override
  public DescribeFileSystemPolicyResponse describeFileSystemPolicy(
      DescribeFileSystemPolicyRequest request) {
    return sim.call(
        EFS,
        "DescribeFileSystemPolicy",
        request,
        () -> {
          FileSystem fs = fileSystem(request.fileSystemId());
          if (fs.policy == null) {
            throw EFS.error(
                PolicyNotFoundException.builder().errorCode("PolicyNotFound"),
                "PolicyNotFound",
                404,
                "Policy for file system " + fs.id + " does not exist.");
          }
          return DescribeFileSystemPolicyResponse.builder()
              .fileSystemId(fs.id)
              .policy(fs.policy)
              .build();
        });
  }

  @Override
  public PutFileSystemPolicyResponse putFileSystemPolicy(PutFileSystemPolicyRequest request) {
    return sim.call(
        EFS,
        "PutFileSystemPolicy",
        request,
        () -> {
          FileSystem fs = fileSystem(request.fileSystemId());
          try {
            world.resourcePolicy(String.valueOf(request.policy()));
          } catch (IllegalArgumentException e) {
            throw EFS.error(
                InvalidPolicyException.builder().errorCode("InvalidPolicyException"),
                "InvalidPolicyException",
                400,
                e.getMessage());
          }
          fs.policy = request.policy();
          return PutFileSystemPolicyResponse.builder()
              .fileSystemId(fs.id)
              .policy(fs.policy)
              .build();
        });
  }

  static final List<String> CLIENT_ACTIONS =
      List.of("elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite");

  /**
   * Whether EFS lets an NFS client with this role perform a client action through the access point.
   * Without a file system policy EFS's default policy lets every client that reaches a mount target
   * in; with one, the role's identity policy or the file system policy must allow it, and a Deny in
   * either wins (EFS user guide, "Using IAM to control file system data access"). Lambda mounts
   * through a mount target, over TLS.
   */
  static boolean clientMayAccess(World world, World.Role role, AccessPoint ap, String action) {
    FileSystem fs = world.fileSystems.get(ap.fileSystemId);
    if (fs == null) {
      return false;
    }
    if (fs.policy == null) {
      return true;
    }
    return RolePolicies.allows(
        world,
        role,
        world.resourcePolicy(fs.policy),
        action,
        world.fileSystemArn(fs.id),
        Map.of(
            "elasticfilesystem:AccessPointArn", List.of(world.accessPointArn(ap.id)),
            "elasticfilesystem:AccessedViaMountTarget", List.of("true"),
            "aws:SecureTransport", List.of("true")));
  }

  // ---- lookups and descriptions ----

  private FileSystem fileSystem(String id) {
    FileSystem fs = id == null ? null : world.fileSystems.get(id);
    if (fs == null) {
      throw fileSystemNotFound(id);
    }
    return fs;
  }

  private MountTarget mountTarget(String id) {
    MountTarget mt = id == null ? null : world.mountTargets.get(id);
    if (mt == null) {
      throw EFS.error(
          MountTargetNotFoundException.builder().errorCode("MountTargetNotFound"),
          "MountTargetNotFound",
          404,
          "Mount target '" + id + "' does not exist.");
    }
    return mt;
  }

  private AccessPoint accessPoint(String id) {
    AccessPoint ap = id == null ? null : world.accessPoints.get(id);
    if (ap == null) {
      throw EFS.error(
          AccessPointNotFoundException.builder().errorCode("AccessPointNotFound"),
          "AccessPointNotFound",
          404,
          "Access point '" + id + "' does not exist.");
    }
    world.resolve(ap, sim.now());
    return ap;
  }

  static RuntimeException fileSystemNotFound(String id) {
    return EFS.error(
        FileSystemNotFoundException.builder().errorCode("FileSystemNotFound"),
        "FileSystemNotFound",
        404,
        "File system '" + id + "' does not exist.");
  }

  static RuntimeException badRequest(String message) {
    return EFS.error(
        BadRequestException.builder().errorCode("BadRequest"), "BadRequest", 400, message);
  }

  private FileSystemDescription describe(FileSystem fs) {
    long mountTargets =
        world.mountTargets.values().stream().filter(mt -> mt.fileSystemId.equals(fs.id)).count();
    return FileSystemDescription.builder()
        .ownerId(world.account)
        .creationToken("world-" + fs.id)
        .fileSystemId(fs.id)
        .fileSystemArn(world.fileSystemArn(fs.id))
        .creationTime(fs.created)
        .lifeCycleState(fs.state)
        .name(fs.tags.get("Name"))
        .numberOfMountTargets((int) mountTargets)
        .sizeInBytes(FileSystemSize.builder().value(fs.sizeInBytes).build())
        .performanceMode("generalPurpose")
        .throughputMode(fs.throughputMode)
        .encrypted(true)
        .availabilityZoneName(fs.availabilityZone)
        .availabilityZoneId(fs.availabilityZoneId)
        .tags(tags(fs.tags))
        .build();
  }

  private MountTargetDescription describe(MountTarget mt) {
    World.Subnet subnet = world.subnets.get(mt.subnetId);
    return MountTargetDescription.builder()
        .ownerId(world.account)
        .mountTargetId(mt.id)
        .fileSystemId(mt.fileSystemId)
        .subnetId(mt.subnetId)
        .lifeCycleState(mt.state)
        .ipAddress(mt.ipAddress)
        .networkInterfaceId(mt.networkInterfaceId)
        .availabilityZoneId(subnet.availabilityZoneId)
        .availabilityZoneName(subnet.availabilityZone)
        .vpcId(subnet.vpcId)
        .build();
  }

  /** The description of an access point (its lazy state must be resolved by the caller). */
  static AccessPointDescription describe(World world, AccessPoint ap) {
    RootDirectory.Builder root = RootDirectory.builder().path(ap.path);
    if (ap.permissions != null) {
      root.creationInfo(
          CreationInfo.builder()
              .ownerUid(ap.ownerUid)
              .ownerGid(ap.ownerGid)
              .permissions(ap.permissions)
              .build());
    }
    return AccessPointDescription.builder()
        .clientToken(ap.clientToken)
        .name(ap.tags.get("Name"))
        .tags(tags(ap.tags))
        .accessPointId(ap.id)
        .accessPointArn(world.accessPointArn(ap.id))
        .fileSystemId(ap.fileSystemId)
        .posixUser(
            PosixUser.builder()
                .uid(ap.uid)
                .gid(ap.gid)
                .secondaryGids(new ArrayList<>(ap.secondaryGids))
                .build())
        .rootDirectory(root.build())
        .ownerId(world.account)
        .lifeCycleState(ap.state)
        .build();
  }

  private AccessPointDescription describe(AccessPoint ap) {
    return describe(world, ap);
  }

  static List<Tag> tags(Map<String, String> tags) {
    List<Tag> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }
}
