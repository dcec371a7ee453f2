package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PosixUserSpec {
  @Required
  @Min(0)
  @Max(4294967295.0)
  private Long uid;

  @Required
  @Min(0)
  @Max(4294967295.0)
  private Long gid;

  @Size(max = 16)
  private List<Long> secondaryGids;

  public Long getUid() {
    return uid;
  }

  public void setUid(Long uid) {
    this.uid = uid;
  }

  public Long getGid() {
    return gid;
  }

  public void setGid(Long gid) {
    this.gid = gid;
  }

  public List<Long> getSecondaryGids() {
    return secondaryGids;
  }

  public void setSecondaryGids(List<Long> secondaryGids) {
    this.secondaryGids = secondaryGids;
  }
}
