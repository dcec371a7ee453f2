package io.lambdaefs.operator.plan;

/** The four parts of a mount, each reported by its own condition. */
public enum Facet {
  ACCESS_POINT("AccessPointReady"),
  NETWORK("NetworkReady"),
  FUNCTION("FunctionConfigured"),
  PERMISSIONS("PermissionsVerified");

  private final String conditionType;

  Facet(String conditionType) {
    this.conditionType = conditionType;
  }

  public String conditionType() {
    return conditionType;
  }
}
