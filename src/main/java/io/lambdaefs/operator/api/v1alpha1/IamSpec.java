package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IamSpec {
  @Default("Verify")
  private IamMode mode;

  public IamMode getMode() {
    return mode;
  }

  public void setMode(IamMode mode) {
    this.mode = mode;
  }
}
