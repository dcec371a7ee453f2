package io.lambdaefs.operator.observe;

/**
 * Whether a subnet's route table sends 0.0.0.0/0 to a NAT gateway (internet access for a VPC
 * function).
 */
public record RouteView(String subnetId, boolean natGateway) {}
