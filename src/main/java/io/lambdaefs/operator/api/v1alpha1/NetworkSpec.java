package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSpec {
  @Size(max = 16)
  @JsonPropertyDescription(
      "Subnets the function must run in (merged with its current ones); required when the function is not in a VPC.")
  private List<String> subnetIds;

  @Size(max = 5)
  @JsonPropertyDescription(
      "Security groups the function must carry (merged with its current ones); default: the function's own.")
  private List<String> securityGroupIds;

  @Default("true")
  @JsonPropertyDescription(
      "Open NFS (TCP 2049) from the function's security groups to the mount targets' security groups.")
  private Boolean manageSecurityGroupRules;

  public List<String> getSubnetIds() {
    return subnetIds;
  }

  public void setSubnetIds(List<String> subnetIds) {
    this.subnetIds = subnetIds;
  }

  public List<String> getSecurityGroupIds() {
    return securityGroupIds;
  }

  public void setSecurityGroupIds(List<String> securityGroupIds) {
    this.securityGroupIds = securityGroupIds;
  }

  public Boolean getManageSecurityGroupRules() {
    return manageSecurityGroupRules;
  }

  public void setManageSecurityGroupRules(Boolean manageSecurityGroupRules) {
    this.manageSecurityGroupRules = manageSecurityGroupRules;
  }

  public List<String> subnetIdsOrEmpty() {
    return subnetIds == null ? List.of() : subnetIds;
  }

  public List<String> securityGroupIdsOrEmpty() {
    return securityGroupIds == null ? List.of() : securityGroupIds;
  }

  public boolean managesRules() {
    return !Boolean.FALSE.equals(manageSecurityGroupRules);
  }
}
