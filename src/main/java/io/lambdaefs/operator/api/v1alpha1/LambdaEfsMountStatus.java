package io.lambdaefs.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A report of what the operator last saw and did; ownership itself lives in AWS tags. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LambdaEfsMountStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
  private AccessPointStatus accessPoint;
  private FunctionStatus function;
  private List<SecurityGroupRuleStatus> securityGroupRules;
  private List<DriftStatus> drift;
  private String lastSyncTime;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public AccessPointStatus getAccessPoint() {
    return accessPoint;
  }

  public void setAccessPoint(AccessPointStatus accessPoint) {
    this.accessPoint = accessPoint;
  }

  public FunctionStatus getFunction() {
    return function;
  }

  public void setFunction(FunctionStatus function) {
    this.function = function;
  }

  public List<SecurityGroupRuleStatus> getSecurityGroupRules() {
    return securityGroupRules;
  }

  public void setSecurityGroupRules(List<SecurityGroupRuleStatus> rules) {
    this.securityGroupRules = rules;
  }

  public List<DriftStatus> getDrift() {
    return drift;
  }

  public void setDrift(List<DriftStatus> drift) {
    this.drift = drift;
  }

  public String getLastSyncTime() {
    return lastSyncTime;
  }

  public void setLastSyncTime(String lastSyncTime) {
    this.lastSyncTime = lastSyncTime;
  }

  /**
   * The same report with other conditions: what the operator says when it learned nothing new about
   * AWS.
   */
  public LambdaEfsMountStatus withConditions(List<Condition> newConditions) {
    LambdaEfsMountStatus s = new LambdaEfsMountStatus();
    s.setObservedGeneration(observedGeneration);
    s.setConditions(newConditions);
    s.setAccessPoint(accessPoint);
    s.setFunction(function);
    s.setSecurityGroupRules(securityGroupRules);
    s.setDrift(drift);
    s.setLastSyncTime(lastSyncTime);
    return s;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LambdaEfsMountStatus s)) return false;
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(accessPoint, s.accessPoint)
        && Objects.equals(function, s.function)
        && Objects.equals(securityGroupRules, s.securityGroupRules)
        && Objects.equals(drift, s.drift)
        && Objects.equals(lastSyncTime, s.lastSyncTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration,
        conditions,
        accessPoint,
        function,
        securityGroupRules,
        drift,
        lastSyncTime);
  }
}
