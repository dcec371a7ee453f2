package io.lambdaefs.operator.cli;

import java.util.HashSet;
import java.util.Set;

/**
 * A generated world for the scale benchmark: N functions in one VPC over F file systems (each with
 * its own mount-target security group and a mount target in both subnets), the functions sharing K
 * security groups so that every (function group, mount-target group) pair occurs.
 *
 * @param throughputMode of every file system: bursting makes the operator read each function's
 *     provisioned concurrency (one more Lambda control-plane call per function)
 */
record BenchWorld(int functions, int fileSystems, int groups, String throughputMode) {

  String yaml() {
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
        """);
    for (int f = 0; f < fileSystems; f++) {
      y.append("      - id: ").append(mountGroup(f)).append('\n');
    }
    for (int g = 0; g < groups; g++) {
      y.append("      - id: ").append(group(g)).append('\n');
    }
    y.append("fileSystems:\n");
    for (int f = 0; f < fileSystems; f++) {
      y.append("  - id: ")
          .append(fileSystem(f))
          .append("\n    vpcId: vpc-0bench\n    throughputMode: ")
          .append(throughputMode)
          .append("\n    tags: {lambdaefs.io/allowed-namespaces: default}\n    mountTargets:\n");
      for (String subnet : new String[] {"subnet-0bench1", "subnet-0bench2"}) {
        y.append("      - {subnetId: ")
            .append(subnet)
            .append(", securityGroupIds: [")
            .append(mountGroup(f))
            .append("], state: available}\n");
      }
    }
    y.append(
        """
        roles:
          - name: bench-role
            allow: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite, ec2:CreateNetworkInterface,
                    ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
        functions:
        """);
    for (int i = 0; i < functions; i++) {
      y.append("  - {name: ")
          .append(function(i))
          .append(", role: bench-role, state: Active, timeout: 30, vpcConfig: {subnetIds: ")
          .append("[subnet-0bench1, subnet-0bench2], securityGroupIds: [")
          .append(group(groupOf(i)))
          .append("]}, tags: {lambdaefs.io/allowed-namespaces: default}}\n");
    }
    return y.toString();
  }

  String mount(int i) {
    return """
        apiVersion: lambdaefs.io/v1alpha1
        kind: LambdaEfsMount
        metadata: {name: %s, namespace: default}
        spec:
          functionName: %s
          fileSystemId: %s
          mountPath: /mnt/data
          accessPoint:
            posixUser: {uid: %d, gid: 1000}
            rootDirectory: {path: /%s, creationInfo: {ownerUid: %d, ownerGid: 1000, permissions: "750"}}
        """
        .formatted(
            function(i), function(i), fileSystem(i % fileSystems), 2000 + i, function(i), 2000 + i);
  }

  /** Function i mounts file system i mod F; consecutive runs of F functions share a group. */
  int groupOf(int i) {
    return (i / fileSystems) % groups;
  }

  /** The distinct (function group, mount-target group) pairs: one NFS ingress rule each. */
  int groupPairs() {
    Set<Long> pairs = new HashSet<>();
    for (int i = 0; i < functions; i++) {
      pairs.add((long) groupOf(i) * fileSystems + i % fileSystems);
    }
    return pairs.size();
  }

  static String function(int i) {
    return String.format("fn-%05d", i);
  }

  static String fileSystem(int f) {
    return String.format("fs-0be%013x", f);
  }

  static String group(int g) {
    return String.format("sg-0fn%03d", g);
  }

  static String mountGroup(int f) {
    return String.format("sg-0mt%03d", f);
  }
}
