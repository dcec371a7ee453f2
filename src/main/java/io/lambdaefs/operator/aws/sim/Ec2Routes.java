package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.Subnet;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Route tables: every subnet has its own explicitly associated table with the local route; a subnet
 * with {@code natGateway: true} also routes 0.0.0.0/0 to a NAT gateway.
 */
final class Ec2Routes {
  private Ec2Routes() {}

  static DescribeRouteTablesResponse describe(World world, DescribeRouteTablesRequest request) {
    Filters filters =
        new Filters(request.filters(), "association.subnet-id", "vpc-id", "route-table-id");
    List<RouteTable> out = new ArrayList<>();
    for (Subnet s : world.subnets.values()) {
      String tableId = Ids.derived("rtb", s.id, 17);
      boolean idOk = !request.hasRouteTableIds() || request.routeTableIds().contains(tableId);
      if (!idOk
          || !filters.matches("association.subnet-id", s.id)
          || !filters.matches("vpc-id", s.vpcId)
          || !filters.matches("route-table-id", tableId)) {
        continue;
      }
      List<Route> routes = new ArrayList<>();
      routes.add(
          Route.builder()
              .destinationCidrBlock(world.vpcs.get(s.vpcId).cidr)
              .gatewayId("local")
              .state("active")
              .origin("CreateRouteTable")
              .build());
      if (s.natGateway) {
        routes.add(
            Route.builder()
                .destinationCidrBlock("0.0.0.0/0")
                .natGatewayId(Ids.derived("nat", s.vpcId, 17))
                .state("active")
                .origin("CreateRoute")
                .build());
      }
      out.add(
          RouteTable.builder()
              .routeTableId(tableId)
              .vpcId(s.vpcId)
              .ownerId(world.account)
              .routes(routes)
              .associations(
                  RouteTableAssociation.builder()
                      .routeTableAssociationId(Ids.derived("rtbassoc", s.id, 17))
                      .routeTableId(tableId)
                      .subnetId(s.id)
                      .main(false)
                      .build())
              .build());
    }
    return DescribeRouteTablesResponse.builder().routeTables(out).build();
  }
}
