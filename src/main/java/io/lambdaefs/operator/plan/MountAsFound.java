package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import java.util.List;
import java.util.Map;

/**
 * A function's mount as it is, written as the LambdaEfsMount that would declare it, so that {@code
 * diagnose} runs the planner's own checks on a mount nobody declared: the access point it mounts is
 * adopted, its own subnets and security groups are kept, NFS rules are checked rather than added,
 * the role is verified for a read-write mount, and nothing is written (driftPolicy Report).
 */
public final class MountAsFound {
  private MountAsFound() {}

  /**
   * @param fileSystemId the file system of the mounted access point; null when the access point
   *     could not be found
   * @param namespace the namespace the mount is judged for when no LambdaEfsMount manages the
   *     function (its lambdaefs.io/allowed-namespaces tags must list it, as for a resource there)
   * @param roleArn the role the function is read through, as a resource's spec.roleArn; null for
   *     the caller's own identity
   * @param placeholderUid the uid to use when no LambdaEfsMount manages the function
   */
  public static DesiredMount of(
      FunctionView fn,
      String fileSystemId,
      String region,
      String namespace,
      String roleArn,
      String placeholderUid) {
    MountConfig mount = fn.fileSystemConfigs().get(0);
    String arn = mount.accessPointArn();
    String accessPointId = arn.substring(arn.lastIndexOf('/') + 1);
    String owner = fn.tags().get(OwnershipTags.OWNER);
    String uid = fn.tags().get(OwnershipTags.OWNER_UID);
    boolean managed = owner != null && owner.contains("/") && uid != null;
    return diagnosed(
            managed ? owner.substring(0, owner.indexOf('/')) : namespace,
            managed ? owner.substring(owner.indexOf('/') + 1) : fn.name(),
            managed ? uid : placeholderUid,
            region,
            fn.name(),
            fileSystemId,
            mount.localMountPath(),
            accessPointId)
        .withRoleArn(roleArn);
  }

  /** A function that could not be read (or is about to be): only its name is known. */
  public static DesiredMount named(
      String functionName, String region, String namespace, String roleArn, String placeholderUid) {
    return diagnosed(
            namespace, functionName, placeholderUid, region, functionName, null, null, null)
        .withRoleArn(roleArn);
  }

  private static DesiredMount diagnosed(
      String namespace,
      String name,
      String uid,
      String region,
      String functionName,
      String fileSystemId,
      String mountPath,
      String accessPointId) {
    return new DesiredMount(
        namespace,
        name,
        uid,
        region,
        functionName,
        fileSystemId,
        mountPath,
        false,
        accessPointId,
        null,
        Map.of(),
        List.of(),
        List.of(),
        false,
        DriftPolicy.Report,
        DeletionPolicy.Retain,
        IamMode.Verify);
  }
}
