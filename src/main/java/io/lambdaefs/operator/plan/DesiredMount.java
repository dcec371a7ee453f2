package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.AccessPointSpec;
import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountSpec;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.ObservationTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec of one LambdaEfsMount with defaults applied, plus the identity its AWS objects carry.
 *
 * @param established the last status says the mount was in place (or drifting from it): a function
 *     or file system that is gone now was deleted out of band, which is drift, not a typo in the
 *     spec
 */
public record DesiredMount(
    String namespace,
    String name,
    String uid,
    String region,
    String roleArn,
    String functionName,
    String fileSystemId,
    String mountPath,
    boolean readOnly,
    String existingAccessPointId,
    AccessPointParams accessPointParams,
    Map<String, String> accessPointTags,
    List<String> subnetIds,
    List<String> securityGroupIds,
    boolean manageSecurityGroupRules,
    DriftPolicy driftPolicy,
    DeletionPolicy deletionPolicy,
    IamMode iamMode,
    boolean established) {

  public static final int NFS_PORT = 2049;

  public DesiredMount(
      String namespace,
      String name,
      String uid,
      String region,
      String functionName,
      String fileSystemId,
      String mountPath,
      boolean readOnly,
      String existingAccessPointId,
      AccessPointParams accessPointParams,
      Map<String, String> accessPointTags,
      List<String> subnetIds,
      List<String> securityGroupIds,
      boolean manageSecurityGroupRules,
      DriftPolicy driftPolicy,
      DeletionPolicy deletionPolicy,
      IamMode iamMode) {
    this(
        namespace,
        name,
        uid,
        region,
        null,
        functionName,
        fileSystemId,
        mountPath,
        readOnly,
        existingAccessPointId,
        accessPointParams,
        accessPointTags,
        subnetIds,
        securityGroupIds,
        manageSecurityGroupRules,
        driftPolicy,
        deletionPolicy,
        iamMode,
        false);
  }

  public DesiredMount asEstablished() {
    return new DesiredMount(
        namespace,
        name,
        uid,
        region,
        roleArn,
        functionName,
        fileSystemId,
        mountPath,
        readOnly,
        existingAccessPointId,
        accessPointParams,
        accessPointTags,
        subnetIds,
        securityGroupIds,
        manageSecurityGroupRules,
        driftPolicy,
        deletionPolicy,
        iamMode,
        true);
  }

  public static DesiredMount of(LambdaEfsMount resource) {
    LambdaEfsMountSpec spec = resource.getSpec();
    AccessPointSpec ap =
        spec.getAccessPoint() == null ? new AccessPointSpec() : spec.getAccessPoint();
    AccessPointParams params = null;
    if (ap.getPosixUser() != null) {
      var posix = ap.getPosixUser();
      var root = ap.getRootDirectory();
      var info = root == null ? null : root.getCreationInfo();
      params =
          new AccessPointParams(
              posix.getUid(),
              posix.getGid(),
              posix.getSecondaryGids(),
              root == null ? "/" : root.getPath(),
              info == null ? null : info.getOwnerUid(),
              info == null ? null : info.getOwnerGid(),
              info == null ? null : info.getPermissions());
    }
    var network = spec.networkOrDefault();
    return new DesiredMount(
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        resource.getMetadata().getUid(),
        spec.getRegion(),
        spec.getRoleArn(),
        spec.getFunctionName(),
        spec.getFileSystemId(),
        spec.getMountPath(),
        spec.readOnly(),
        ap.getExistingId(),
        params,
        ap.getTags() == null ? Map.of() : Map.copyOf(ap.getTags()),
        network.subnetIdsOrEmpty(),
        network.securityGroupIdsOrEmpty(),
        network.managesRules(),
        spec.driftPolicyOrDefault(),
        spec.deletionPolicyOrDefault(),
        spec.iamModeOrDefault(),
        false);
  }

  /** The same mount, reached through another role (null: the operator's own). */
  public DesiredMount withRoleArn(String arn) {
    return new DesiredMount(
        namespace,
        name,
        uid,
        region,
        arn,
        functionName,
        fileSystemId,
        mountPath,
        readOnly,
        existingAccessPointId,
        accessPointParams,
        accessPointTags,
        subnetIds,
        securityGroupIds,
        manageSecurityGroupRules,
        driftPolicy,
        deletionPolicy,
        iamMode,
        established);
  }

  /**
   * Where this resource's AWS calls go: its Region, as the role spec.roleArn names (with the
   * operator's external id) or as the operator itself.
   */
  public AwsTarget awsTarget(String externalId) {
    return roleArn == null
        ? AwsTarget.region(region)
        : new AwsTarget(region, roleArn, externalId, sessionName());
  }

  /**
   * The STS session name of an assumed role: {@code <name>@<namespace>}, so CloudTrail shows which
   * resource made each call. STS allows 2 to 64 characters of {@code [\w+=,.@-]}; Kubernetes names
   * and namespaces use a subset of them, and a longer pair keeps its start and a hash of the whole.
   */
  public String sessionName() {
    String full = name + "@" + namespace;
    return full.length() <= 64
        ? full
        : full.substring(0, 55)
            + "-"
            + AccessPointParams.sha256(namespace + "/" + name).substring(0, 8);
  }

  public ObservationTarget target() {
    return new ObservationTarget(
        functionName, fileSystemId, existingAccessPointId, subnetIds, securityGroupIds, uid);
  }

  public String owner() {
    return namespace + "/" + name;
  }

  public Map<String, String> ownershipTags() {
    return OwnershipTags.of(namespace, name, uid);
  }

  /**
   * Tags of a created access point: the user's, then ownership (which the user cannot override).
   */
  public Map<String, String> accessPointCreateTags() {
    Map<String, String> tags = new LinkedHashMap<>(accessPointTags);
    tags.putAll(ownershipTags());
    return tags;
  }

  /**
   * Deterministic CreateAccessPoint ClientToken (at most 64 chars): the resource's uid, and a hash
   * of the file system and the settings, since a token is unique per account and Region, not per
   * file system. A retry after a crash or a lost response repeats the token, and EFS answers
   * AccessPointAlreadyExists with the id instead of creating a second access point.
   */
  public String clientToken() {
    return "lem-"
        + uid
        + "-"
        + AccessPointParams.sha256(fileSystemId + "/" + accessPointParams.fingerprint())
            .substring(0, 8);
  }

  /**
   * Name of the iam.mode Manage inline policy: at most 128 characters, as IAM allows; one per
   * resource.
   */
  public String inlinePolicyName() {
    String n = "lambda-efs-" + namespace + "-" + name;
    return n.length() <= 128 ? n : n.substring(0, 119) + "-" + uid.substring(0, 8);
  }

  public boolean adoptsAccessPoint() {
    return existingAccessPointId != null;
  }
}
