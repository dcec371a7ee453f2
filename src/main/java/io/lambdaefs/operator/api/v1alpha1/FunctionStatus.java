package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionStatus {
  private String arn;
  private String lastUpdateStatus;
  private String lastUpdateStatusReasonCode;
  private String lastUpdateStatusReason;

  public FunctionStatus() {}

  public FunctionStatus(
      String arn,
      String lastUpdateStatus,
      String lastUpdateStatusReasonCode,
      String lastUpdateStatusReason) {
    this.arn = arn;
    this.lastUpdateStatus = lastUpdateStatus;
    this.lastUpdateStatusReasonCode = lastUpdateStatusReasonCode;
    this.lastUpdateStatusReason = lastUpdateStatusReason;
  }

  public String getArn() {
    return arn;
  }

  public void setArn(String arn) {
    this.arn = arn;
  }

  public String getLastUpdateStatus() {
    return lastUpdateStatus;
  }

  public void setLastUpdateStatus(String lastUpdateStatus) {
    this.lastUpdateStatus = lastUpdateStatus;
  }

  public String getLastUpdateStatusReasonCode() {
    return lastUpdateStatusReasonCode;
  }

  public void setLastUpdateStatusReasonCode(String lastUpdateStatusReasonCode) {
    this.lastUpdateStatusReasonCode = lastUpdateStatusReasonCode;
  }

  public String getLastUpdateStatusReason() {
    return lastUpdateStatusReason;
  }

  public void setLastUpdateStatusReason(String lastUpdateStatusReason) {
    this.lastUpdateStatusReason = lastUpdateStatusReason;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof FunctionStatus o)) return false;
    return Objects.equals(arn, o.arn)
        && Objects.equals(lastUpdateStatus, o.lastUpdateStatus)
        && Objects.equals(lastUpdateStatusReasonCode, o.lastUpdateStatusReasonCode)
        && Objects.equals(lastUpdateStatusReason, o.lastUpdateStatusReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(arn, lastUpdateStatus, lastUpdateStatusReasonCode, lastUpdateStatusReason);
  }
}
