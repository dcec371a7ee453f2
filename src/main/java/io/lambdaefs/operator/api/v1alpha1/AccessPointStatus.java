package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessPointStatus {
  private String id;
  private String arn;
  private Boolean owned;

  public AccessPointStatus() {}

  public AccessPointStatus(String id, String arn, Boolean owned) {
    this.id = id;
    this.arn = arn;
    this.owned = owned;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public Boolean getOwned() {
    return owned;
  }

  public void setOwned(Boolean owned) {
    this.owned = owned;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof AccessPointStatus o)) return false;
    return Objects.equals(id, o.id) && Objects.equals(arn, o.arn) && Objects.equals(owned, o.owned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, arn, owned);
  }
}
