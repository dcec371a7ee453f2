package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.IncorrectMountTargetStateException;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.MountTargetNotFoundException;

class SimEfsTest {
  static final String FS = "fs-0abc123def456789";
  private final MutableClock clock = new MutableClock();
  private SimulatedAws aws;
  private EfsClient efs;

  @BeforeEach
  void setUp() throws Exception {
    aws =
        TestWorlds.allowingEverything(
            SimulatedAws.fromWorldFile(Path.of("examples/world.yaml")).withClock(clock));
    efs = aws.efs();
  }

  private static CreateAccessPointRequest.Builder create(String token) {
    return CreateAccessPointRequest.builder()
        .clientToken(token)
        .fileSystemId(FS)
        .posixUser(p -> p.uid(1001L).gid(1001L))
        .rootDirectory(
            r ->
                r.path("/lambda/fn")
                    .creationInfo(c -> c.ownerUid(1001L).ownerGid(1001L).permissions("750")))
        .tags(t -> t.key("lambdaefs.io/owner").value("default/fn"));
  }

  @Test
  void mountTargetSecurityGroupsCannotBeReadWhileTheMountTargetIsCreating() {
    String mt =
        efs.describeMountTargets(r -> r.fileSystemId(FS)).mountTargets().get(0).mountTargetId();
    aws.console().setMountTargetState(mt, "creating");
    awsError(
        IncorrectMountTargetStateException.class,
        "IncorrectMountTargetState",
        409,
        "EFS",
        () -> efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(mt)));

    aws.console().setMountTargetState(mt, "available");
    assertThat(efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(mt)).securityGroups())
        .containsExactly("sg-0efs-mount-target");

    aws.console().deleteMountTarget(mt);
    awsError(
        MountTargetNotFoundException.class,
        "MountTargetNotFound",
        404,
        "EFS",
        () -> efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(mt)));
    assertThat(efs.describeMountTargets(r -> r.fileSystemId(FS)).mountTargets()).hasSize(1);
  }

  @Test
  void describesFileSystemsAndMountTargets() {
    var fs = efs.describeFileSystems(r -> r.fileSystemId(FS)).fileSystems().get(0);
    assertThat(fs.fileSystemArn())
        .isEqualTo("arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/" + FS);
    assertThat(fs.lifeCycleState()).isEqualTo(LifeCycleState.AVAILABLE);
    assertThat(fs.numberOfMountTargets()).isEqualTo(2);
    assertThat(fs.ownerId()).isEqualTo("123456789012");
    assertThat(fs.availabilityZoneName()).isNull();
    var mts = efs.describeMountTargets(r -> r.fileSystemId(FS)).mountTargets();
    assertThat(mts)
        .hasSize(2)
        .allSatisfy(
            mt -> {
              assertThat(mt.mountTargetId()).matches("fsmt-[0-9a-f]{17}");
              assertThat(mt.vpcId()).isEqualTo("vpc-0a1b2c3d");
              assertThat(mt.lifeCycleState()).isEqualTo(LifeCycleState.AVAILABLE);
              assertThat(mt.ipAddress()).isNotBlank();
            });
    // deterministic ids
    var again =
        SimulatedAws.fromWorldYaml(WorldLoaderTest.DESIGN_EXAMPLE, "d")
            .efs()
            .describeMountTargets(r -> r.fileSystemId(FS))
            .mountTargets()
            .get(0);
    assertThat(again.mountTargetId()).isEqualTo(mts.get(0).mountTargetId());
    assertThat(
            efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(mts.get(0).mountTargetId()))
                .securityGroups())
        .containsExactly("sg-0efs-mount-target");
    awsError(
        FileSystemNotFoundException.class,
        "FileSystemNotFound",
        404,
        "EFS",
        () -> efs.describeFileSystems(r -> r.fileSystemId("fs-nope")));
    awsError(
        FileSystemNotFoundException.class,
        "FileSystemNotFound",
        404,
        "EFS",
        () -> efs.describeMountTargets(r -> r.fileSystemId("fs-nope")));
    awsError(
        MountTargetNotFoundException.class,
        "MountTargetNotFound",
        404,
        "EFS",
        () -> efs.describeMountTargetSecurityGroups(r -> r.mountTargetId("fsmt-nope")));
  }

  @Test
  void newAccessPointIsCreatingThenAvailable() {
    CreateAccessPointResponse created = efs.createAccessPoint(create("token-1").build());
    assertThat(created.accessPointId()).matches("fsap-[0-9a-f]{17}");
    assertThat(created.accessPointArn())
        .isEqualTo(
            "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/"
                + created.accessPointId());
    assertThat(created.lifeCycleState()).isEqualTo(LifeCycleState.CREATING);
    assertThat(created.rootDirectory().creationInfo().permissions()).isEqualTo("750");
    assertThat(created.tags())
        .singleElement()
        .satisfies(t -> assertThat(t.value()).isEqualTo("default/fn"));
    clock.advance(Duration.ofMillis(999));
    assertThat(state(created.accessPointId())).isEqualTo(LifeCycleState.CREATING);
    clock.advance(Duration.ofMillis(1));
    assertThat(state(created.accessPointId())).isEqualTo(LifeCycleState.AVAILABLE);
    assertThat(aws.inspect().accessPoints(FS))
        .extracting(AccessPointDescription::accessPointId)
        .contains(created.accessPointId());
  }

  private LifeCycleState state(String id) {
    return efs.describeAccessPoints(r -> r.accessPointId(id))
        .accessPoints()
        .get(0)
        .lifeCycleState();
  }

  @Test
  void repeatedClientTokenIsAlreadyExistsCarryingTheId() {
    String id = efs.createAccessPoint(create("token-1").build()).accessPointId();
    AccessPointAlreadyExistsException e =
        awsError(
            AccessPointAlreadyExistsException.class,
            "AccessPointAlreadyExists",
            409,
            "EFS",
            () -> efs.createAccessPoint(create("token-1").build()));
    assertThat(e.accessPointId()).isEqualTo(id);
    assertThat(aws.inspect().accessPoints(FS)).hasSize(2);
  }

  @Test
  void validatesLikeEfs() {
    awsError(
        BadRequestException.class,
        "BadRequest",
        400,
        "EFS",
        () -> efs.createAccessPoint(create("t".repeat(65)).build()));
    awsError(
        BadRequestException.class,
        "BadRequest",
        400,
        "EFS",
        () -> efs.createAccessPoint(create("t2").rootDirectory(r -> r.path("/a/b/c/d/e")).build()));
    awsError(
        BadRequestException.class,
        "BadRequest",
        400,
        "EFS",
        () ->
            efs.createAccessPoint(
                create("t3").rootDirectory(r -> r.path("/" + "p".repeat(100))).build()));
    awsError(
        BadRequestException.class,
        "BadRequest",
        400,
        "EFS",
        () ->
            efs.createAccessPoint(
                create("t4")
                    .rootDirectory(
                        r ->
                            r.path("/x")
                                .creationInfo(c -> c.ownerUid(1L).ownerGid(1L).permissions("999")))
                    .build()));
    awsError(
        FileSystemNotFoundException.class,
        "FileSystemNotFound",
        404,
        "EFS",
        () -> efs.createAccessPoint(create("t5").fileSystemId("fs-nope").build()));
    assertThat(aws.inspect().accessPoints(FS)).hasSize(1);
    // a four-level path is fine
    efs.createAccessPoint(create("t6").rootDirectory(r -> r.path("/a/b/c/d")).build());
  }

  @Test
  void describeAccessPointsPaginates() {
    for (int i = 0; i < 6; i++) {
      efs.createAccessPoint(create("page-" + i).build());
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      DescribeAccessPointsResponse page =
          efs.describeAccessPoints(r -> r.fileSystemId(FS).maxResults(3).nextToken(t));
      page.accessPoints().forEach(ap -> seen.add(ap.accessPointId()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    // the SDK paginator drives the same API
    assertThat(
            efs.describeAccessPointsPaginator(r -> r.fileSystemId(FS).maxResults(2)).accessPoints())
        .hasSize(7);
    assertThat(efs.describeAccessPoints(r -> r.fileSystemId(FS)).accessPoints()).hasSize(7);
  }

  @Test
  void deleteAndNotFound() {
    String id = efs.createAccessPoint(create("del").build()).accessPointId();
    efs.deleteAccessPoint(r -> r.accessPointId(id));
    awsError(
        AccessPointNotFoundException.class,
        "AccessPointNotFound",
        404,
        "EFS",
        () -> efs.describeAccessPoints(r -> r.accessPointId(id)));
    awsError(
        AccessPointNotFoundException.class,
        "AccessPointNotFound",
        404,
        "EFS",
        () -> efs.deleteAccessPoint(r -> r.accessPointId(id)));
    awsError(
        FileSystemNotFoundException.class,
        "FileSystemNotFound",
        404,
        "EFS",
        () -> efs.describeAccessPoints(r -> r.fileSystemId("fs-nope")));
  }

  @Test
  void deletingAnAccessPointInUseIsAllowed() {
    aws.settings().lambdaUpdateDelay(Duration.ZERO);
    String arn =
        "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0";
    aws.lambda()
        .updateFunctionConfiguration(
            r ->
                r.functionName("file-processor")
                    .fileSystemConfigs(c -> c.arn(arn).localMountPath("/mnt/shared")));
    efs.deleteAccessPoint(r -> r.accessPointId("fsap-0123456789abcdef0"));
    assertThat(aws.inspect().function("file-processor").fileSystemConfigs()).hasSize(1);
  }

  @Test
  void consoleChangesAccessPoints() {
    String id = aws.console().createAccessPoint(FS, 5, 6, "/console");
    assertThat(state(id)).isEqualTo(LifeCycleState.AVAILABLE);
    aws.console().deleteAccessPoint(id);
    awsError(
        AccessPointNotFoundException.class,
        "AccessPointNotFound",
        404,
        "EFS",
        () -> efs.describeAccessPoints(r -> r.accessPointId(id)));
    aws.console().deleteFileSystem(FS);
    awsError(
        FileSystemNotFoundException.class,
        "FileSystemNotFound",
        404,
        "EFS",
        () -> efs.describeFileSystems(r -> r.fileSystemId(FS)));
  }
}
