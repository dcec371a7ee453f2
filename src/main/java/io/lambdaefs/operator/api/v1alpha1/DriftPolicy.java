package io.lambdaefs.operator.api.v1alpha1;

public enum DriftPolicy {
  Correct,
  Report
}
