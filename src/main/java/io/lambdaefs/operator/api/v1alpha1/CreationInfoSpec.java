package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CreationInfoSpec {
  @Required
  @Min(0)
  @Max(4294967295.0)
  private Long ownerUid;

  @Required
  @Min(0)
  @Max(4294967295.0)
  private Long ownerGid;

  @Required
  @Pattern("^[0-7]{3,4}$")
  private String permissions;

  public Long getOwnerUid() {
    return ownerUid;
  }

  public void setOwnerUid(Long ownerUid) {
    this.ownerUid = ownerUid;
  }

  public Long getOwnerGid() {
    return ownerGid;
  }

  public void setOwnerGid(Long ownerGid) {
    this.ownerGid = ownerGid;
  }

  public String getPermissions() {
    return permissions;
  }

  public void setPermissions(String permissions) {
    this.permissions = permissions;
  }
}
