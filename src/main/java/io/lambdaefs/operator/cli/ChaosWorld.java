package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lambdaefs.operator.api.v1alpha1.AccessPointSpec;
import io.lambdaefs.operator.api.v1alpha1.CreationInfoSpec;
import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.IamSpec;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountSpec;
import io.lambdaefs.operator.api.v1alpha1.NetworkSpec;
import io.lambdaefs.operator.api.v1alpha1.PosixUserSpec;
import io.lambdaefs.operator.api.v1alpha1.RootDirectorySpec;
import java.util.List;

/**
 * The account of a chaos run: file systems with a mount-target security group each, functions
 * sharing a few security groups (some that let no NFS out, so egress rules are needed), one
 * function per resource, some outside any VPC (the spec puts them in), some whose role may not
 * mount (iam.mode Manage adds an inline policy). The owners let the chaos namespace use them all,
 * and opt the limited role in to Manage.
 */
final class ChaosWorld {
  static final String NAMESPACE = "chaos";
  static final List<String> SUBNETS = List.of("subnet-0chaos1", "subnet-0chaos2");
  static final String FULL_ROLE = "chaos-role";
  static final String LIMITED_ROLE = "chaos-role-limited";

  final int resources;
  final int fileSystems;
  final int groups;

  ChaosWorld(int resources) {
    this.resources = resources;
    this.fileSystems = Math.max(2, resources / 50);
    this.groups = Math.max(3, resources / 20);
  }

  String yaml() {
    StringBuilder y =
        new StringBuilder(
            """
            account: "123456789012"
            region: us-east-1
            vpcs:
              - id: vpc-0chaos
                subnets:
                  - {id: subnet-0chaos1, availabilityZone: us-east-1a, availabilityZoneId: use1-az1, natGateway: true}
                  - {id: subnet-0chaos2, availabilityZone: us-east-1b, availabilityZoneId: use1-az2, natGateway: true}
                securityGroups:
            """);
    for (int f = 0; f < fileSystems; f++) {
      y.append("      - id: ").append(mountTargetGroup(f)).append('\n');
    }
    for (int g = 0; g < groups; g++) {
      y.append("      - {id: ")
          .append(group(g))
          .append(g % 3 == 2 ? ", egress: []" : "")
          .append("}\n");
    }
    y.append("fileSystems:\n");
    for (int f = 0; f < fileSystems; f++) {
      y.append("  - id: ")
          .append(fileSystem(f))
          .append("\n    vpcId: vpc-0chaos\n    tags: {lambdaefs.io/allowed-namespaces: ")
          .append(NAMESPACE)
          .append("}\n    mountTargets:\n");
      for (String subnet : SUBNETS) {
        y.append("      - {subnetId: ")
            .append(subnet)
            .append(", securityGroupIds: [")
            .append(mountTargetGroup(f))
            .append("], state: available}\n");
      }
    }
    y.append(
        """
        roles:
          - name: chaos-role
            allow: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite, ec2:CreateNetworkInterface,
                    ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
          - name: chaos-role-limited
            tags: {lambdaefs.io/managed-policy: allowed}
            allow: [ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
        functions:
        """);
    for (int i = 0; i < resources; i++) {
      y.append("  - {name: ")
          .append(function(i))
          .append(", role: ")
          .append(limitedRole(i) ? LIMITED_ROLE : FULL_ROLE)
          .append(", state: Active, tags: {lambdaefs.io/allowed-namespaces: ")
          .append(NAMESPACE)
          .append("}");
      if (inVpc(i)) {
        y.append(", vpcConfig: {subnetIds: [")
            .append(String.join(", ", SUBNETS))
            .append("], securityGroupIds: [")
            .append(group(i % groups))
            .append("]}");
      }
      y.append("}\n");
    }
    return y.toString();
  }

  /** Resource i as first applied. */
  LambdaEfsMount mount(int i) {
    PosixUserSpec posix = new PosixUserSpec();
    posix.setUid(1000L + i % 3);
    posix.setGid(1000L);
    CreationInfoSpec info = new CreationInfoSpec();
    info.setOwnerUid(1000L);
    info.setOwnerGid(1000L);
    info.setPermissions("750");
    RootDirectorySpec root = new RootDirectorySpec();
    root.setPath("/chaos-" + i);
    root.setCreationInfo(info);
    AccessPointSpec ap = new AccessPointSpec();
    ap.setPosixUser(posix);
    ap.setRootDirectory(root);
    LambdaEfsMountSpec spec = new LambdaEfsMountSpec();
    spec.setFunctionName(function(i));
    spec.setFileSystemId(fileSystem(i % fileSystems));
    spec.setMountPath("/mnt/data");
    spec.setAccessPoint(ap);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    if (!inVpc(i) || i % 7 == 3) {
      NetworkSpec network = new NetworkSpec();
      network.setSubnetIds(inVpc(i) ? List.of() : SUBNETS);
      network.setSecurityGroupIds(List.of(group((i + 1) % groups)));
      spec.setNetwork(network);
    }
    if (limitedRole(i)) {
      IamSpec iam = new IamSpec();
      iam.setMode(IamMode.Manage);
      spec.setIam(iam);
    }
    LambdaEfsMount m = new LambdaEfsMount();
    m.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name(i)).build());
    m.setSpec(spec);
    return m;
  }

  static boolean inVpc(int i) {
    return i % 5 != 4;
  }

  static boolean limitedRole(int i) {
    return i % 6 == 1;
  }

  static String name(int i) {
    return String.format("chaos-%04d", i);
  }

  static String function(int i) {
    return String.format("chaos-fn-%04d", i);
  }

  static String fileSystem(int f) {
    return String.format("fs-0c4a05%012d", f);
  }

  int fileSystemIndex(String id) {
    for (int f = 0; f < fileSystems; f++) {
      if (fileSystem(f).equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("not a file system of the chaos world: " + id);
  }

  static String mountTargetGroup(int f) {
    return String.format("sg-0chaosmt%02d", f);
  }

  String group(int g) {
    return String.format("sg-0chaosfn%02d", g);
  }
}
