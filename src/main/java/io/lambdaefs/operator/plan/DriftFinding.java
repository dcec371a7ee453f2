package io.lambdaefs.operator.plan;

/**
 * AWS differs from what the operator had established, changed out of band.
 *
 * @param kind CamelCase reason for the Drifted condition
 * @param field the spec field or AWS attribute that drifted
 */
public record DriftFinding(String kind, String field, String desired, String actual) {}
