package io.lambdaefs.operator.aws.sim;

/** Worlds shaped for specific tests. */
final class TestWorlds {
  private TestWorlds() {}

  static final String AP_A = "fsap-0000000000000000a";
  static final String AP_CREATING = "fsap-0000000000000000b";
  static final String AP_OTHER_VPC = "fsap-0000000000000000c";

  /**
   * Two VPCs. fs-main has available mount targets in use1-az1 and use1-az2 (not az3); fs-other
   * lives in vpc-other. Function fn is in subnet-a and subnet-b; fn-novpc is not in a VPC.
   */
  static final String LAMBDA =
      """
      account: "123456789012"
      region: us-east-1
      vpcs:
        - id: vpc-main
          subnets:
            - {id: subnet-a, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
            - {id: subnet-b, availabilityZone: us-east-1b, availabilityZoneId: use1-az2}
            - {id: subnet-c, availabilityZone: us-east-1c, availabilityZoneId: use1-az3}
          securityGroups:
            - id: sg-fn
            - id: sg-mt
        - id: vpc-other
          subnets:
            - {id: subnet-x, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
          securityGroups:
            - id: sg-other
      fileSystems:
        - id: fs-main
          vpcId: vpc-main
          mountTargets:
            - {subnetId: subnet-a, securityGroupIds: [sg-mt]}
            - {subnetId: subnet-b, securityGroupIds: [sg-mt]}
          accessPoints:
            - {id: fsap-0000000000000000a, posixUser: {uid: 1000, gid: 1000}, rootDirectory: {path: /data}}
            - {id: fsap-0000000000000000b, state: creating}
        - id: fs-other
          vpcId: vpc-other
          mountTargets:
            - {subnetId: subnet-x, securityGroupIds: [sg-other]}
          accessPoints:
            - {id: fsap-0000000000000000c}
      functions:
        - name: fn
          role: r
          vpcConfig: {subnetIds: [subnet-a, subnet-b], securityGroupIds: [sg-fn]}
        - name: fn-novpc
          role: r
      roles:
        - name: r
          allow: [ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
      """;

  /**
   * A caller allowed everything: for tests of a service's own behaviour (duplicates, limits, paging
   * of objects the operator would never create), not of the caller's authorization, which
   * AuthorizationTest and every operator test cover with the shipped policy.
   */
  static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

  static SimulatedAws allowingEverything(SimulatedAws sim) {
    sim.console().setCallerPolicy(ALLOW_ALL);
    return sim;
  }

  static String apArn(String id) {
    return "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/" + id;
  }
}
