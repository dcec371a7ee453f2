package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.existingId) != has(self.posixUser)",
    message = "set exactly one of accessPoint.existingId (adopt) or accessPoint.posixUser (create)")
@ValidationRule(
    value = "!has(self.existingId) || (!has(self.rootDirectory) && !has(self.tags))",
    message =
        "accessPoint.rootDirectory and accessPoint.tags apply only to an access point the operator creates")
public class AccessPointSpec {

  @Pattern("^fsap-[0-9a-f]{8,40}$")
  @JsonPropertyDescription(
      "Adopt this existing access point; an adopted access point is never deleted.")
  private String existingId;

  @JsonPropertyDescription("Create an access point that enforces this POSIX user.")
  private PosixUserSpec posixUser;

  @JsonPropertyDescription("Root directory of a created access point; default /.")
  private RootDirectorySpec rootDirectory;

  @JsonPropertyDescription("Extra tags for a created access point.")
  private Map<String, String> tags;

  public String getExistingId() {
    return existingId;
  }

  public void setExistingId(String existingId) {
    this.existingId = existingId;
  }

  public PosixUserSpec getPosixUser() {
    return posixUser;
  }

  public void setPosixUser(PosixUserSpec posixUser) {
    this.posixUser = posixUser;
  }

  public RootDirectorySpec getRootDirectory() {
    return rootDirectory;
  }

  public void setRootDirectory(RootDirectorySpec rootDirectory) {
    this.rootDirectory = rootDirectory;
  }

  public Map<String, String> getTags() {
    return tags;
  }

  public void setTags(Map<String, String> tags) {
    this.tags = tags;
  }
}
