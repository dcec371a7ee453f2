package io.lambdaefs.operator.aws.sim;

import java.util.UUID;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;

/**
 * The EFS half of the conformance scenario: the file system, its mount targets and their security
 * groups, and access points (ClientToken idempotency, paging, not-found answers).
 */
final class EfsConformance {
  private final EfsClient efs;
  private final ConformanceShape s;
  private final Observations seen;

  EfsConformance(EfsClient efs, ConformanceShape shape, Observations seen) {
    this.efs = efs;
    this.s = shape;
    this.seen = seen;
  }

  void run() {
    fileSystem();
    accessPoints();
  }

  private void fileSystem() {
    seen.see(
        "DescribeFileSystems by id",
        () ->
            efs.describeFileSystems(r -> r.fileSystemId(s.fileSystem())).fileSystems().stream()
                .map(
                    fs ->
                        "state="
                            + fs.lifeCycleStateAsString()
                            + " mountTargets="
                            + fs.numberOfMountTargets()
                            + " arn="
                            + fs.fileSystemArn().replaceAll(":\\d{12}:", ":<account>:"))
                .toList()
                .toString());
    seen.outcome(
        "DescribeFileSystems of an unknown id",
        () -> efs.describeFileSystems(r -> r.fileSystemId("fs-0000000000000dead")));
    seen.see(
        "DescribeMountTargets by file system",
        () ->
            efs.describeMountTargets(r -> r.fileSystemId(s.fileSystem())).mountTargets().stream()
                .map(
                    mt ->
                        mt.mountTargetId()
                            + " subnet="
                            + mt.subnetId()
                            + " vpc="
                            + mt.vpcId()
                            + " state="
                            + mt.lifeCycleStateAsString()
                            + " az="
                            + mt.availabilityZoneName()
                            + " az-id="
                            + (mt.availabilityZoneId() != null)
                            + " ip="
                            + (mt.ipAddress() != null))
                .toList()
                .toString());
    seen.outcome(
        "DescribeMountTargets of an unknown file system",
        () -> efs.describeMountTargets(r -> r.fileSystemId("fs-0000000000000dead")));
    seen.see(
        "DescribeMountTargetSecurityGroups",
        () ->
            efs.describeMountTargetSecurityGroups(r -> r.mountTargetId(s.mountTarget()))
                .securityGroups()
                .toString());
    seen.outcome(
        "DescribeMountTargetSecurityGroups of an unknown mount target",
        () ->
            efs.describeMountTargetSecurityGroups(r -> r.mountTargetId("fsmt-0000000000000dead")));
  }

  private void accessPoints() {
    String token = "conformance-" + UUID.randomUUID();
    var created = efs.createAccessPoint(accessPoint(token, s.fileSystem()));
    String first = created.accessPointId();
    seen.role(first, "<access-point>");
    seen.put("CreateAccessPoint answers the state", created.lifeCycleStateAsString());
    seen.see(
        "DescribeAccessPoints by id",
        () ->
            efs.describeAccessPoints(r -> r.accessPointId(first)).accessPoints().stream()
                .map(EfsConformance::describe)
                .toList()
                .toString());
    try {
      efs.createAccessPoint(accessPoint(token, s.fileSystem()));
      seen.put("CreateAccessPoint again with the same ClientToken", "accepted");
    } catch (AccessPointAlreadyExistsException e) {
      seen.put(
          "CreateAccessPoint again with the same ClientToken",
          Observations.error(e) + " carries the first id=" + first.equals(e.accessPointId()));
    }
    for (int i = 0; i < 2; i++) {
      efs.createAccessPoint(accessPoint("conformance-" + UUID.randomUUID(), s.fileSystem()));
    }
    seen.see(
        "DescribeAccessPoints by file system, MaxResults 2 of 3 or more",
        () -> {
          var page = efs.describeAccessPoints(r -> r.fileSystemId(s.fileSystem()).maxResults(2));
          return Observations.paged(page.accessPoints().size(), 2, page.nextToken());
        });
    seen.see(
        "CreateAccessPoint on an unknown file system",
        () ->
            efs.createAccessPoint(
                    accessPoint("conformance-" + UUID.randomUUID(), "fs-0000000000000dead"))
                .lifeCycleStateAsString());
    seen.outcome(
        "DescribeAccessPoints of an unknown file system",
        () -> efs.describeAccessPoints(r -> r.fileSystemId("fs-0000000000000dead")));
    seen.outcome(
        "DescribeAccessPoints of an unknown id",
        () -> efs.describeAccessPoints(r -> r.accessPointId("fsap-00000000000000000")));
    seen.outcome("DeleteAccessPoint", () -> efs.deleteAccessPoint(r -> r.accessPointId(first)));
    seen.outcome(
        "DescribeAccessPoints of a deleted id",
        () -> efs.describeAccessPoints(r -> r.accessPointId(first)));
    seen.outcome(
        "DeleteAccessPoint of an unknown id",
        () -> efs.deleteAccessPoint(r -> r.accessPointId("fsap-00000000000000000")));
  }

  private static CreateAccessPointRequest accessPoint(String token, String fileSystem) {
    return CreateAccessPointRequest.builder()
        .clientToken(token)
        .fileSystemId(fileSystem)
        .posixUser(p -> p.uid(1000L).gid(1000L))
        .rootDirectory(d -> d.path("/conformance"))
        .tags(t -> t.key(Ec2Conformance.OWNER_TAG).value("conformance"))
        .build();
  }

  private static String describe(AccessPointDescription ap) {
    return ap.accessPointId()
        + " fs="
        + ap.fileSystemId()
        + " posix="
        + ap.posixUser().uid()
        + ":"
        + ap.posixUser().gid()
        + " root="
        + ap.rootDirectory().path()
        + " tags="
        + ap.tags().stream().map(t -> t.key() + "=" + t.value()).sorted().toList()
        + " arn="
        + ap.accessPointArn()
            .replaceAll(":\\d{12}:", ":<account>:")
            .replace(ap.accessPointId(), "<id>");
  }
}
