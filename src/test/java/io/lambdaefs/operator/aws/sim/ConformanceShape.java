package io.lambdaefs.operator.aws.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * The objects the conformance scenario starts from, made in moto or declared in the simulation's
 * world; {@link #roles()} names them so that two accounts' answers compare.
 */
record ConformanceShape(
    String vpc,
    String implicitSubnet,
    String natSubnet,
    String lambdaGroup,
    String mountTargetGroup,
    String fullGroup,
    String fileSystem,
    String mountTarget) {

  Map<String, String> roles() {
    Map<String, String> roles = new LinkedHashMap<>();
    roles.put(vpc, "<vpc>");
    roles.put(implicitSubnet, "<subnet-main-table>");
    roles.put(natSubnet, "<subnet-own-table>");
    roles.put(lambdaGroup, "<lambda-sg>");
    roles.put(mountTargetGroup, "<mount-target-sg>");
    roles.put(fullGroup, "<full-sg>");
    roles.put(fileSystem, "<fs>");
    roles.put(mountTarget, "<mount-target>");
    return roles;
  }

  /** The simulation's side of the shape: a world file. */
  static final String WORLD =
      """
      vpcs:
        - id: vpc-conformance
          cidrBlock: 10.0.0.0/16
          subnets:
            # no natGateway key: uses the main route table, like a new moto subnet
            - {id: subnet-conformance-a, availabilityZone: us-east-1a, availabilityZoneId: use1-az1, cidrBlock: 10.0.1.0/24}
            # a route table of its own, explicitly associated, 0.0.0.0/0 to a NAT gateway
            - {id: subnet-conformance-b, availabilityZone: us-east-1b, availabilityZoneId: use1-az2, cidrBlock: 10.0.2.0/24, natGateway: true}
          securityGroups:
            - {id: sg-0lambda, name: lambda}
            - {id: sg-0mount, name: mount-target}
            - {id: sg-0full, name: full}
      fileSystems:
        - id: fs-0conformance0001
          vpcId: vpc-conformance
          mountTargets:
            - {id: fsmt-0conformance0001, subnetId: subnet-conformance-a, securityGroupIds: [sg-0mount]}
      """;

  static final ConformanceShape SIM =
      new ConformanceShape(
          "vpc-conformance",
          "subnet-conformance-a",
          "subnet-conformance-b",
          "sg-0lambda",
          "sg-0mount",
          "sg-0full",
          "fs-0conformance0001",
          "fsmt-0conformance0001");

  /** Makes the shape in moto, as a user would with the AWS CLI. */
  static ConformanceShape inMoto(Ec2Client ec2, EfsClient efs) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String a =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"))
            .subnet()
            .subnetId();
    String b =
        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone("us-east-1b"))
            .subnet()
            .subnetId();
    String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
    String nat =
        ec2.createNatGateway(r -> r.subnetId(a).allocationId(allocation))
            .natGateway()
            .natGatewayId();
    String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
    ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
    ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(b));
    String lambda = group(ec2, vpc, "lambda-" + suffix);
    String mount = group(ec2, vpc, "mount-target-" + suffix);
    String full = group(ec2, vpc, "full-" + suffix);
    String fs = efs.createFileSystem(r -> r.creationToken("conformance-" + suffix)).fileSystemId();
    String mt =
        efs.createMountTarget(r -> r.fileSystemId(fs).subnetId(a).securityGroups(mount))
            .mountTargetId();
    return new ConformanceShape(vpc, a, b, lambda, mount, full, fs, mt);
  }

  private static String group(Ec2Client ec2, String vpc, String name) {
    return ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(name).description(name)).groupId();
  }
}
