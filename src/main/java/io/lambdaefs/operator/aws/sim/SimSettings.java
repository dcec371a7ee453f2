package io.lambdaefs.operator.aws.sim;

import java.time.Duration;
import java.util.Objects;

/** Tunable timings of the simulated account. Read at the moment a change is accepted. */
public final class SimSettings {
  private volatile Duration lambdaUpdateDelay = Duration.ofSeconds(2);
  private volatile Duration accessPointCreateDelay = Duration.ofSeconds(1);
  private volatile boolean clientTokensOutliveAccessPoints;
  private volatile Duration iamPropagationDelay = Duration.ofSeconds(1);

  /** How long a function's LastUpdateStatus stays InProgress after an accepted update. */
  public Duration lambdaUpdateDelay() {
    return lambdaUpdateDelay;
  }

  public SimSettings lambdaUpdateDelay(Duration delay) {
    this.lambdaUpdateDelay = requireNonNegative(delay);
    return this;
  }

  /** How long a new access point stays {@code creating} before it is {@code available}. */
  public Duration accessPointCreateDelay() {
    return accessPointCreateDelay;
  }

  public SimSettings accessPointCreateDelay(Duration delay) {
    this.accessPointCreateDelay = requireNonNegative(delay);
    return this;
  }

  /**
   * Whether EFS still answers AccessPointAlreadyExists (with the deleted id) for the ClientToken of
   * an access point that was deleted. AWS does not document it either way, so the operator must
   * converge under both; default false: the token is forgotten with its access point.
   */
  public boolean clientTokensOutliveAccessPoints() {
    return clientTokensOutliveAccessPoints;
  }

  public SimSettings clientTokensOutliveAccessPoints(boolean outlive) {
    this.clientTokensOutliveAccessPoints = outlive;
    return this;
  }

  /**
   * How long a PutRolePolicy or DeleteRolePolicy takes to reach the services that act with the role
   * (Lambda's checks); IAM's own API shows it at once. Seconds in AWS.
   */
  public Duration iamPropagationDelay() {
    return iamPropagationDelay;
  }

  public SimSettings iamPropagationDelay(Duration delay) {
    this.iamPropagationDelay = requireNonNegative(delay);
    return this;
  }

  // JavaBean-style aliases of the accessors above.

  public Duration getLambdaUpdateDelay() {
    return lambdaUpdateDelay();
  }

  public void setLambdaUpdateDelay(Duration delay) {
    lambdaUpdateDelay(delay);
  }

  public Duration getAccessPointCreateDelay() {
    return accessPointCreateDelay();
  }

  public void setAccessPointCreateDelay(Duration delay) {
    accessPointCreateDelay(delay);
  }

  public Duration getIamPropagationDelay() {
    return iamPropagationDelay();
  }

  public void setIamPropagationDelay(Duration delay) {
    iamPropagationDelay(delay);
  }

  private static Duration requireNonNegative(Duration d) {
    Objects.requireNonNull(d, "delay");
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + d);
    }
    return d;
  }
}
