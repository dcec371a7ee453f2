package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class LambdaEfsMountSpec {

  @JsonPropertyDescription(
      "AWS Region of the function and the file system; default: the operator's region.")
  @Pattern("^[a-z]{2}(-[a-z]+)+-\\d+$")
  private String region;

  @Pattern("^arn:aws(-[a-z]+)*:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$")
  @JsonPropertyDescription(
      "IAM role the operator assumes for this resource (another account, or a narrower role); it"
          + " must be allowed for the resource's namespace by the operator's configuration."
          + " Default: the operator's own role.")
  private String roleArn;

  @Required
  @Size(min = 1, max = 170)
  // Unqualified: the segment before the last is "function" (an ARN), or there is no colon at all.
  @ValidationRule(
      value = "!self.contains(':') || self.matches('(^|:)function:[^:]+$')",
      message =
          "functionName names a version or an alias (name:qualifier or"
              + " ...:function:name:qualifier); only the unqualified function ($LATEST) can be"
              + " configured and tagged: remove the qualifier")
  @JsonPropertyDescription(
      "The Lambda function, unqualified: name, partial ARN or full ARN (no version or alias).")
  private String functionName;

  @Required
  @Pattern("^fs-[0-9a-f]{8,40}$")
  @JsonPropertyDescription("The EFS file system id, e.g. fs-0abc123def456789.")
  private String fileSystemId;

  @Required
  @Size(max = 160)
  @Pattern("^/mnt/[a-zA-Z0-9-_.]+$")
  @JsonPropertyDescription("Where the function sees the file system: /mnt/<name>.")
  private String mountPath;

  @Default("false")
  @JsonPropertyDescription(
      "Mount read-only: the execution role then needs no elasticfilesystem:ClientWrite.")
  private Boolean readOnly;

  @Required
  @JsonPropertyDescription(
      "The EFS access point: adopt an existing one or have the operator create one.")
  private AccessPointSpec accessPoint;

  @JsonPropertyDescription(
      "Subnets and security groups of the function, and whether NFS rules are managed.")
  private NetworkSpec network;

  @JsonPropertyDescription("How the execution role's EFS permissions are handled.")
  private IamSpec iam;

  @Default("Correct")
  @JsonPropertyDescription(
      "Correct: put AWS back when it drifts. Report: observe only, never write to AWS.")
  private DriftPolicy driftPolicy;

  @Default("Delete")
  @JsonPropertyDescription(
      "Delete: undo what the operator did in AWS when the resource is deleted. Retain: leave AWS as it is.")
  private DeletionPolicy deletionPolicy;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public String getFunctionName() {
    return functionName;
  }

  public void setFunctionName(String functionName) {
    this.functionName = functionName;
  }

  public String getFileSystemId() {
    return fileSystemId;
  }

  public void setFileSystemId(String fileSystemId) {
    this.fileSystemId = fileSystemId;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }

  public AccessPointSpec getAccessPoint() {
    return accessPoint;
  }

  public void setAccessPoint(AccessPointSpec accessPoint) {
    this.accessPoint = accessPoint;
  }

  public NetworkSpec getNetwork() {
    return network;
  }

  public void setNetwork(NetworkSpec network) {
    this.network = network;
  }

  public IamSpec getIam() {
    return iam;
  }

  public void setIam(IamSpec iam) {
    this.iam = iam;
  }

  public DriftPolicy getDriftPolicy() {
    return driftPolicy;
  }

  public void setDriftPolicy(DriftPolicy driftPolicy) {
    this.driftPolicy = driftPolicy;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public boolean readOnly() {
    return Boolean.TRUE.equals(readOnly);
  }

  public DriftPolicy driftPolicyOrDefault() {
    return driftPolicy == null ? DriftPolicy.Correct : driftPolicy;
  }

  public DeletionPolicy deletionPolicyOrDefault() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  public NetworkSpec networkOrDefault() {
    return network == null ? new NetworkSpec() : network;
  }

  public IamMode iamModeOrDefault() {
    return iam == null || iam.getMode() == null ? IamMode.Verify : iam.getMode();
  }
}
