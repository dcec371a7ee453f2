package io.lambdaefs.operator.cli;

/**
 * A generated world for the benchmark: N functions sharing a VPC, K security groups and one file
 * system.
 */
final class BenchWorld {
  private BenchWorld() {}

  static String yaml(int functions, int groups) {
    StringBuilder y =
        new StringBuilder(
            """
        account: "123456789012"
        region: us-east-1
        vpcs:
          - id: vpc-0bench
            subnets:
              - {id: subnet-0bench1, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
              - {id: subnet-0bench2, availabilityZone: us-east-1b, availabilityZoneId: use1-az2}
            securityGroups:
              - id: sg-0mount
        """);
    for (int g = 0; g < groups; g++) {
      y.append("      - id: ").append(group(g)).append('\n');
    }
    y.append(
        """
        fileSystems:
          - id: fs-0bench0000000001
            vpcId: vpc-0bench
            tags: {lambdaefs.io/allowed-namespaces: default}
            mountTargets:
              - {subnetId: subnet-0bench1, securityGroupIds: [sg-0mount], state: available}
              - {subnetId: subnet-0bench2, securityGroupIds: [sg-0mount], state: available}
        roles:
          - name: bench-role
            allow: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite, ec2:CreateNetworkInterface,
                    ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
        functions:
        """);
    for (int i = 0; i < functions; i++) {
      y.append("  - {name: ")
          .append(function(i))
          .append(", role: bench-role, state: Active, vpcConfig: {subnetIds: ")
          .append("[subnet-0bench1, subnet-0bench2], securityGroupIds: [")
          .append(group(i % groups))
          .append("]}, tags: {lambdaefs.io/allowed-namespaces: default}}\n");
    }
    return y.toString();
  }

  static String mount(int i) {
    return """
        apiVersion: lambdaefs.io/v1alpha1
        kind: LambdaEfsMount
        metadata: {name: %s, namespace: default}
        spec:
          functionName: %s
          fileSystemId: fs-0bench0000000001
          mountPath: /mnt/data
          accessPoint:
            posixUser: {uid: %d, gid: 1000}
            rootDirectory: {path: /%s, creationInfo: {ownerUid: %d, ownerGid: 1000, permissions: "750"}}
        """
        .formatted(function(i), function(i), 2000 + i, function(i), 2000 + i);
  }

  static String function(int i) {
    return String.format("fn-%04d", i);
  }

  static String group(int g) {
    return String.format("sg-0fn%02d", g);
  }
}
