package io.lambdaefs.operator.api.v1alpha1;

public enum DeletionPolicy {
  Delete,
  Retain
}
