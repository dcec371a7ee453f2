package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.PermissionCheck;
import io.lambdaefs.operator.observe.RouteView;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.observe.SubnetView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A small world for planner tests, in the shape of examples/world.yaml: a function in two subnets
 * of one VPC, a file system with a mount target in each AZ, default egress on the function's SG.
 */
final class Fixtures {
  static final String UID = "6f1c2d3e-0000-4000-8000-000000000001";
  static final String FS = "fs-0abc123def456789";
  static final String FN = "file-processor";
  static final String FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:file-processor";
  static final String AP_ARN_PREFIX =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/";

  DesiredMount desired =
      desired(
          null, new AccessPointParams(1000, 1000, List.of(), "/lambda-data", 1000L, 1000L, "755"));
  FunctionView function =
      new FunctionView(
          FN,
          FN_ARN,
          "arn:aws:iam::123456789012:role/lambda-efs-role",
          "Active",
          null,
          null,
          "Successful",
          null,
          null,
          "rev-1",
          "vpc-0a1b2c3d",
          List.of("subnet-0aaa111", "subnet-0bbb222"),
          List.of("sg-0lambda"),
          false,
          List.of(),
          Map.of());
  FileSystemView fileSystem =
      new FileSystemView(
          FS,
          "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/" + FS,
          "available",
          null,
          List.of(
              new MountTargetView(
                  "fsmt-1",
                  "subnet-0aaa111",
                  "vpc-0a1b2c3d",
                  "use1-az1",
                  "us-east-1a",
                  "available",
                  "10.0.1.10",
                  List.of("sg-0efs")),
              new MountTargetView(
                  "fsmt-2",
                  "subnet-0bbb222",
                  "vpc-0a1b2c3d",
                  "use1-az2",
                  "us-east-1b",
                  "available",
                  "10.0.2.10",
                  List.of("sg-0efs"))));
  List<AccessPointView> accessPoints = new ArrayList<>();
  Map<String, SubnetView> subnets =
      new LinkedHashMap<>(
          Map.of(
              "subnet-0aaa111",
                  new SubnetView(
                      "subnet-0aaa111", "vpc-0a1b2c3d", "use1-az1", "us-east-1a", "10.0.1.0/24"),
              "subnet-0bbb222",
                  new SubnetView(
                      "subnet-0bbb222", "vpc-0a1b2c3d", "use1-az2", "us-east-1b", "10.0.2.0/24")));
  List<SgRuleView> rules =
      new ArrayList<>(
          List.of(
              new SgRuleView(
                  "sgr-egress-all", "sg-0lambda", true, "-1", -1, -1, null, "0.0.0.0/0", Map.of()),
              new SgRuleView(
                  "sgr-efs-egress-all",
                  "sg-0efs",
                  true,
                  "-1",
                  -1,
                  -1,
                  null,
                  "0.0.0.0/0",
                  Map.of())));
  List<SgRuleView> ownedRules = new ArrayList<>();
  Fetched<FunctionView> functionRead;
  Fetched<FileSystemView> fileSystemRead;
  Fetched<AccessPointView> adoptedRead;
  Fetched<List<AccessPointView>> accessPointsRead;
  Fetched<List<SgRuleView>> rulesRead;
  Fetched<Map<String, SubnetView>> subnetsRead;
  Fetched<List<RouteView>> routes;
  Fetched<PermissionCheck> permissions;
  Fetched<String> inlinePolicy;
  Fetched<List<AccessPointView>> elsewhere;

  /** Who else relies on the rules released: by default nobody (as the reconciler found). */
  Fetched<Map<String, Map<String, String>>> ruleHeirs = Fetched.found(Map.of());

  static DesiredMount desired(String existingId, AccessPointParams params) {
    return new DesiredMount(
        "default",
        "file-processor-data",
        UID,
        null,
        FN,
        FS,
        "/mnt/data",
        false,
        existingId,
        existingId == null ? params : null,
        Map.of("Name", "lambda-data-ap"),
        List.of(),
        List.of(),
        true,
        DriftPolicy.Correct,
        DeletionPolicy.Delete,
        IamMode.Verify);
  }

  /** The desired mount with spec.network set to these values. */
  DesiredMount network(List<String> subnetIds, List<String> securityGroupIds, boolean manageRules) {
    return with(
        d ->
            new DesiredMount(
                d.namespace(),
                d.name(),
                d.uid(),
                d.region(),
                d.functionName(),
                d.fileSystemId(),
                d.mountPath(),
                d.readOnly(),
                d.existingAccessPointId(),
                d.accessPointParams(),
                d.accessPointTags(),
                subnetIds,
                securityGroupIds,
                manageRules,
                d.driftPolicy(),
                d.deletionPolicy(),
                d.iamMode()));
  }

  DesiredMount with(UnaryOperator<DesiredMount> f) {
    desired = f.apply(desired);
    return desired;
  }

  /** An access point the operator created for this resource, available. */
  AccessPointView ownedAccessPoint(String id) {
    AccessPointView ap =
        new AccessPointView(
            id,
            AP_ARN_PREFIX + id,
            FS,
            "available",
            1000L,
            1000L,
            List.of(),
            "/lambda-data",
            true,
            OwnershipTags.of("default", "file-processor-data", UID));
    accessPoints.add(ap);
    return ap;
  }

  AccessPointView foreignAccessPoint(String id, String fs) {
    AccessPointView ap =
        new AccessPointView(
            id,
            AP_ARN_PREFIX + id,
            fs,
            "available",
            1000L,
            1000L,
            List.of(),
            "/shared",
            false,
            Map.of());
    if (fs.equals(FS)) {
      accessPoints.add(ap);
    }
    return ap;
  }

  /** Both NFS rules present, tagged as the operator's. */
  void nfsOpen() {
    rules.add(
        new SgRuleView(
            "sgr-in",
            "sg-0efs",
            false,
            "tcp",
            2049,
            2049,
            "sg-0lambda",
            null,
            OwnershipTags.of("default", "file-processor-data", UID)));
  }

  /** The function as the operator leaves it: mounted, tagged, Successful. */
  AccessPointView inSync() {
    AccessPointView ap = ownedAccessPoint("fsap-0000000000000aaaa");
    nfsOpen();
    Map<String, String> tags =
        new HashMap<>(OwnershipTags.of("default", "file-processor-data", UID));
    tags.put(OwnershipTags.ADDED_SUBNETS, "");
    tags.put(OwnershipTags.ADDED_SECURITY_GROUPS, "");
    tags.put(OwnershipTags.FILE_SYSTEMS, FS);
    function = functionWith(List.of(new MountConfig(ap.arn(), "/mnt/data")), tags);
    return ap;
  }

  FunctionView functionWith(List<MountConfig> mounts, Map<String, String> tags) {
    FunctionView f = function;
    return new FunctionView(
        f.name(),
        f.arn(),
        f.roleArn(),
        f.state(),
        f.stateReasonCode(),
        f.stateReason(),
        f.lastUpdateStatus(),
        f.lastUpdateStatusReasonCode(),
        f.lastUpdateStatusReason(),
        f.revisionId(),
        f.vpcId(),
        f.subnetIds(),
        f.securityGroupIds(),
        f.ipv6AllowedForDualStack(),
        mounts,
        tags);
  }

  FunctionView functionStatus(String state, String lastUpdateStatus, String reasonCode) {
    FunctionView f = function;
    function =
        new FunctionView(
            f.name(),
            f.arn(),
            f.roleArn(),
            state,
            null,
            null,
            lastUpdateStatus,
            reasonCode,
            reasonCode == null ? null : "reason " + reasonCode,
            f.revisionId(),
            f.vpcId(),
            f.subnetIds(),
            f.securityGroupIds(),
            f.ipv6AllowedForDualStack(),
            f.fileSystemConfigs(),
            f.tags());
    return function;
  }

  FunctionView functionVpc(List<String> subnetIds, List<String> groups) {
    FunctionView f = function;
    function =
        new FunctionView(
            f.name(),
            f.arn(),
            f.roleArn(),
            f.state(),
            null,
            null,
            f.lastUpdateStatus(),
            null,
            null,
            f.revisionId(),
            subnetIds.isEmpty() ? null : "vpc-0a1b2c3d",
            subnetIds,
            groups,
            !subnetIds.isEmpty() && f.ipv6AllowedForDualStack(),
            f.fileSystemConfigs(),
            f.tags());
    return function;
  }

  /** The function with VpcConfig.Ipv6AllowedForDualStack true. */
  FunctionView dualStack() {
    FunctionView f = function;
    function =
        new FunctionView(
            f.name(),
            f.arn(),
            f.roleArn(),
            f.state(),
            f.stateReasonCode(),
            f.stateReason(),
            f.lastUpdateStatus(),
            f.lastUpdateStatusReasonCode(),
            f.lastUpdateStatusReason(),
            f.revisionId(),
            f.vpcId(),
            f.subnetIds(),
            f.securityGroupIds(),
            true,
            f.fileSystemConfigs(),
            f.tags());
    return function;
  }

  static Fetched<Object> notFound(String code) {
    return Fetched.failed(new AwsError(AwsError.Kind.NOT_FOUND, code, code + " message"));
  }

  @SuppressWarnings("unchecked")
  static <T> Fetched<T> error(AwsError.Kind kind, String code) {
    return (Fetched<T>) Fetched.failed(new AwsError(kind, code, code + " message"));
  }

  Observation observation() {
    return new Observation(
        functionRead != null ? functionRead : Fetched.found(function),
        fileSystemRead != null ? fileSystemRead : Fetched.found(fileSystem),
        accessPointsRead != null ? accessPointsRead : Fetched.found(List.copyOf(accessPoints)),
        adoptedRead,
        subnetsRead != null ? subnetsRead : Fetched.found(Map.copyOf(subnets)),
        rulesRead != null ? rulesRead : Fetched.found(List.copyOf(rules)),
        Fetched.found(List.copyOf(ownedRules)),
        routes,
        permissions,
        inlinePolicy,
        elsewhere,
        ruleHeirs,
        Instant.parse("2026-11-26T12:00:00Z"));
  }

  Plan plan() {
    return new Planner().plan(desired, observation());
  }

  Plan cleanup() {
    return new CleanupPlanner().plan(desired, observation());
  }
}
