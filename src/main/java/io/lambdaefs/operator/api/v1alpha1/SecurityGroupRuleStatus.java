package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityGroupRuleStatus {
  private String id;
  private String groupId;
  private String direction;
  private String peerGroupId;
  private Boolean owned;

  public SecurityGroupRuleStatus() {}

  public SecurityGroupRuleStatus(
      String id, String groupId, String direction, String peerGroupId, Boolean owned) {
    this.id = id;
    this.groupId = groupId;
    this.direction = direction;
    this.peerGroupId = peerGroupId;
    this.owned = owned;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getGroupId() {
    return groupId;
  }

  public void setGroupId(String groupId) {
    this.groupId = groupId;
  }

  public String getDirection() {
    return direction;
  }

  public void setDirection(String direction) {
    this.direction = direction;
  }

  public String getPeerGroupId() {
    return peerGroupId;
  }

  public void setPeerGroupId(String peerGroupId) {
    this.peerGroupId = peerGroupId;
  }

  public Boolean getOwned() {
    return owned;
  }

  public void setOwned(Boolean owned) {
    this.owned = owned;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SecurityGroupRuleStatus o)) return false;
    return Objects.equals(id, o.id)
        && Objects.equals(groupId, o.groupId)
        && Objects.equals(direction, o.direction)
        && Objects.equals(peerGroupId, o.peerGroupId)
        && Objects.equals(owned, o.owned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, groupId, direction, peerGroupId, owned);
  }
}
