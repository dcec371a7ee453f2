package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.Subnet;
import io.lambdaefs.operator.aws.sim.World.Vpc;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Route tables as EC2 keeps them: every VPC has a main route table (association {@code main=true},
 * no subnet); a subnet with {@code natGateway} set in the world has a table of its own, explicitly
 * associated, and every other subnet uses the main table implicitly. An implicit association is not
 * an association: filtering by {@code association.subnet-id} does not return the main table.
 */
final class Ec2Routes {
  private Ec2Routes() {}

  static DescribeRouteTablesResponse describe(World world, DescribeRouteTablesRequest request) {
    Filters filters =
        new Filters(
            request.filters(),
            "association.subnet-id",
            "association.main",
            "vpc-id",
            "route-table-id");
    List<RouteTable> out = new ArrayList<>();
    for (Vpc vpc : world.vpcs.values()) {
      String tableId = Ids.derived("rtb", vpc.id + "/main", 17);
      RouteTableAssociation main =
          RouteTableAssociation.builder()
              .routeTableAssociationId(Ids.derived("rtbassoc", vpc.id + "/main", 17))
              .routeTableId(tableId)
              .main(true)
              .associationState(s -> s.state("associated"))
              .build();
      if (selected(request, filters, tableId, vpc.id, null, true)) {
        out.add(table(world, tableId, vpc, vpc.mainTableNatGateway, main));
      }
    }
    for (Subnet s : world.subnets.values()) {
      if (s.natGateway == null) {
        continue;
      }
      String tableId = Ids.derived("rtb", s.id, 17);
      if (!selected(request, filters, tableId, s.vpcId, s.id, false)) {
        continue;
      }
      out.add(
          table(
              world,
              tableId,
              world.vpcs.get(s.vpcId),
              s.natGateway,
              RouteTableAssociation.builder()
                  .routeTableAssociationId(Ids.derived("rtbassoc", s.id, 17))
                  .routeTableId(tableId)
                  .subnetId(s.id)
                  .main(false)
                  .associationState(a -> a.state("associated"))
                  .build()));
    }
    return DescribeRouteTablesResponse.builder().routeTables(out).build();
  }

  /** Whether a table (with its one association) passes the request's ids and filters. */
  private static boolean selected(
      DescribeRouteTablesRequest request,
      Filters filters,
      String tableId,
      String vpcId,
      String subnetId,
      boolean main) {
    return (!request.hasRouteTableIds() || request.routeTableIds().contains(tableId))
        && (subnetId != null || !filters.has("association.subnet-id"))
        && (subnetId == null || filters.matches("association.subnet-id", subnetId))
        && filters.matches("association.main", String.valueOf(main))
        && filters.matches("vpc-id", vpcId)
        && filters.matches("route-table-id", tableId);
  }

  private static RouteTable table(
      World world, String tableId, Vpc vpc, boolean nat, RouteTableAssociation association) {
    List<Route> routes = new ArrayList<>();
    routes.add(
        Route.builder()
            .destinationCidrBlock(vpc.cidr)
            .gatewayId("local")
            .state("active")
            .origin("CreateRouteTable")
            .build());
    if (nat) {
      routes.add(
          Route.builder()
              .destinationCidrBlock("0.0.0.0/0")
              .natGatewayId(Ids.derived("nat", vpc.id, 17))
              .state("active")
              .origin("CreateRoute")
              .build());
    }
    return RouteTable.builder()
        .routeTableId(tableId)
        .vpcId(vpc.id)
        .ownerId(world.account)
        .routes(routes)
        .associations(association)
        .build();
  }
}
