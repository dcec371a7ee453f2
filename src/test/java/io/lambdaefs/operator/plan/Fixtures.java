package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.AccessPointView.CreationInfo;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FileSystemView.MountedFunction;
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
                  List.of("sg-0efs"))),
          Map.of());
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

  /** The value of lambdaefs.io/allowed-namespaces on the function; null: no such tag. */
  String functionNamespaces = "default";

  /** The value of lambdaefs.io/allowed-namespaces on the file system; null: no such tag. */
  String fileSystemNamespaces = "default";

  /** The execution role's tags, as iam.mode Manage reads them: opted in. */
  Fetched<Map<String, String>> roleTags =
      Fetched.found(Map.of(Tenancy.MANAGED_POLICY, Tenancy.MANAGED_POLICY_ALLOWED));

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

  /** The desired mount under another spec.iam.mode. */
  DesiredMount iamMode(IamMode mode) {
    return with(d -> copy(d, d.namespace(), mode));
  }

  /** The desired mount in another namespace. */
  DesiredMount namespace(String namespace) {
    return with(d -> copy(d, namespace, d.iamMode()));
  }

  private static DesiredMount copy(DesiredMount d, String namespace, IamMode mode) {
    return new DesiredMount(
        namespace,
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
        d.subnetIds(),
        d.securityGroupIds(),
        d.manageSecurityGroupRules(),
        d.driftPolicy(),
        d.deletionPolicy(),
        mode);
  }

  DesiredMount with(UnaryOperator<DesiredMount> f) {
    desired = f.apply(desired);
    return desired;
  }

  /** The desired mount with another iam.mode and readOnly. */
  DesiredMount withIam(IamMode mode, boolean readOnly) {
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
                readOnly,
                d.existingAccessPointId(),
                d.accessPointParams(),
                d.accessPointTags(),
                d.subnetIds(),
                d.securityGroupIds(),
                d.manageSecurityGroupRules(),
                d.driftPolicy(),
                d.deletionPolicy(),
                mode));
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

  /** The function under another ARN (another Region, partition or account). */
  FunctionView functionArn(String arn) {
    FunctionView f = function;
    return new FunctionView(
        f.name(),
        arn,
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
        f.fileSystemConfigs(),
        f.tags());
  }

  FunctionView functionWith(List<MountConfig> mounts, Map<String, String> tags) {
    return withMountsAndTags(function, mounts, tags);
  }

  private static FunctionView withMountsAndTags(
      FunctionView f, List<MountConfig> mounts, Map<String, String> tags) {
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
        tags,
        f.timeoutSeconds(),
        f.reservedConcurrency(),
        f.provisionedConcurrency());
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

  /** The function with a timeout and concurrency settings (null = none). */
  FunctionView functionLimits(Integer timeout, Integer reserved, Integer provisioned) {
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
            f.ipv6AllowedForDualStack(),
            f.fileSystemConfigs(),
            f.tags(),
            timeout,
            reserved,
            provisioned);
    return function;
  }

  /** The file system with a throughput mode, a size and the functions seen on it. */
  FileSystemView fileSystemUse(String throughputMode, Long sizeBytes, List<MountedFunction> users) {
    FileSystemView fs = fileSystem;
    fileSystem =
        new FileSystemView(
            fs.id(),
            fs.arn(),
            fs.lifeCycleState(),
            fs.oneZoneAzId(),
            fs.mountTargets(),
            throughputMode,
            sizeBytes,
            users,
            fs.tags());
    return fileSystem;
  }

  /** An access point on the file system with this POSIX user and CreationInfo (null = none). */
  AccessPointView accessPoint(
      String id, long uid, long gid, List<Long> secondary, String root, CreationInfo info) {
    AccessPointView ap =
        new AccessPointView(
            id, AP_ARN_PREFIX + id, FS, "available", uid, gid, secondary, root, info, Map.of());
    accessPoints.add(ap);
    return ap;
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
        functionRead != null ? functionRead : Fetched.found(withNamespaces(function)),
        fileSystemRead != null ? fileSystemRead : Fetched.found(withNamespaces(fileSystem)),
        accessPointsRead != null ? accessPointsRead : Fetched.found(List.copyOf(accessPoints)),
        adoptedRead,
        subnetsRead != null ? subnetsRead : Fetched.found(Map.copyOf(subnets)),
        rulesRead != null ? rulesRead : Fetched.found(List.copyOf(rules)),
        Fetched.found(List.copyOf(ownedRules)),
        routes,
        permissions,
        inlinePolicy,
        elsewhere,
        desired.iamMode() == IamMode.Manage ? roleTags : null,
        ruleHeirs,
        Instant.parse("2026-11-26T12:00:00Z"));
  }

  /** The function with its tag lambdaefs.io/allowed-namespaces as {@link #functionNamespaces}. */
  FunctionView withNamespaces(FunctionView f) {
    Map<String, String> tags = new HashMap<>(f.tags());
    tags.remove(Tenancy.ALLOWED_NAMESPACES);
    if (functionNamespaces != null) {
      tags.put(Tenancy.ALLOWED_NAMESPACES, functionNamespaces);
    }
    return withMountsAndTags(f, f.fileSystemConfigs(), Map.copyOf(tags));
  }

  FileSystemView withNamespaces(FileSystemView fs) {
    return new FileSystemView(
        fs.id(),
        fs.arn(),
        fs.lifeCycleState(),
        fs.oneZoneAzId(),
        fs.mountTargets(),
        fs.throughputMode(),
        fs.sizeBytes(),
        fs.mountedBy(),
        fileSystemNamespaces == null
            ? Map.of()
            : Map.of(Tenancy.ALLOWED_NAMESPACES, fileSystemNamespaces));
  }

  Plan plan() {
    return new Planner().plan(desired, observation());
  }

  Plan cleanup() {
    return new CleanupPlanner().plan(desired, observation());
  }
}
