package io.lambdaefs.operator.observe;

/**
 * Whether a subnet's route table sends 0.0.0.0/0 to a NAT gateway (internet access for a VPC
 * function).
 *
 * @param routeTableId the table that applies, or null when none was found
 * @param mainTable the subnet has no table of its own, so its VPC's main route table applies
 */
public record RouteView(
    String subnetId, boolean natGateway, String routeTableId, boolean mainTable) {}
