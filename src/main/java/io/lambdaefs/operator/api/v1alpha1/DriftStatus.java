package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftStatus {
  private String field;
  private String desired;
  private String actual;
  private String detectedAt;

  public DriftStatus() {}

  public DriftStatus(String field, String desired, String actual, String detectedAt) {
    this.field = field;
    this.desired = desired;
    this.actual = actual;
    this.detectedAt = detectedAt;
  }

  public String getField() {
    return field;
  }

  public void setField(String field) {
    this.field = field;
  }

  public String getDesired() {
    return desired;
  }

  public void setDesired(String desired) {
    this.desired = desired;
  }

  public String getActual() {
    return actual;
  }

  public void setActual(String actual) {
    this.actual = actual;
  }

  public String getDetectedAt() {
    return detectedAt;
  }

  public void setDetectedAt(String detectedAt) {
    this.detectedAt = detectedAt;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof DriftStatus o)) return false;
    return Objects.equals(field, o.field)
        && Objects.equals(desired, o.desired)
        && Objects.equals(actual, o.actual)
        && Objects.equals(detectedAt, o.detectedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, desired, actual, detectedAt);
  }
}
