package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RootDirectorySpec {
  // EFS: at most 100 characters and at most four subdirectory levels.
  @Required
  @Size(min = 1, max = 100)
  @Pattern("^/$|^(/[^/]+){1,4}$")
  @JsonPropertyDescription("Directory exposed as the root of the access point, e.g. /lambda-data.")
  private String path;

  @JsonPropertyDescription("Create the directory with this owner and mode when it does not exist.")
  private CreationInfoSpec creationInfo;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public CreationInfoSpec getCreationInfo() {
    return creationInfo;
  }

  public void setCreationInfo(CreationInfoSpec creationInfo) {
    this.creationInfo = creationInfo;
  }
}
