package io.lambdaefs.operator.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

class WorldLoaderTest {
  /** The example of DESIGN.md, "The world file", verbatim. */
  static final String DESIGN_EXAMPLE =
      """
      account: "123456789012"
      region: us-east-1
      vpcs:
        - id: vpc-0a1b2c3d
          subnets:
            - {id: subnet-0aaa111, availabilityZone: us-east-1a, availabilityZoneId: use1-az1, natGateway: true}
            - {id: subnet-0bbb222, availabilityZone: us-east-1b, availabilityZoneId: use1-az2}
          securityGroups:
            - id: sg-0lambda                      # egress omitted = AWS default (all traffic allowed)
            - id: sg-0efs-mount-target
              ingress: [{protocol: tcp, fromPort: 2049, toPort: 2049, peerGroupId: sg-0other}]
              egress: []                          # explicit empty list = no egress at all
      fileSystems:
        - id: fs-0abc123def456789
          vpcId: vpc-0a1b2c3d
          availabilityZone: us-east-1a            # only for One Zone file systems
          tags: {lambdaefs.io/allowed-namespaces: "default,team-a"}
          mountTargets:
            - {subnetId: subnet-0aaa111, securityGroupIds: [sg-0efs-mount-target], state: available}
          accessPoints:
            - {id: fsap-0123456789abcdef0, posixUser: {uid: 1000, gid: 1000}, rootDirectory: {path: /shared}}
      functions:
        - name: file-processor
          role: lambda-efs-role
          state: Active
          vpcConfig: {subnetIds: [subnet-0aaa111, subnet-0bbb222], securityGroupIds: [sg-0lambda]}
          fileSystemConfigs: []
          tags: {lambdaefs.io/allowed-namespaces: "*"}
      roles:
        - name: lambda-efs-role
          allow: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite, ec2:CreateNetworkInterface,
                  ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]
      """;

  @Test
  void loadsTheExampleWorldFile() throws Exception {
    SimulatedAws aws = SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
    assertThat(aws.accountId()).isEqualTo("123456789012");
    assertThat(aws.region()).isEqualTo("us-east-1");
    FunctionConfiguration f = aws.inspect().function("file-processor");
    assertThat(f.role()).isEqualTo("arn:aws:iam::123456789012:role/lambda-efs-role");
    assertThat(f.vpcConfig().vpcId()).isEqualTo("vpc-0a1b2c3d");
    assertThat(f.vpcConfig().subnetIds()).containsExactly("subnet-0aaa111", "subnet-0bbb222");
    assertThat(f.fileSystemConfigs()).isEmpty();
    assertThat(aws.inspect().accessPoints("fs-0abc123def456789"))
        .singleElement()
        .satisfies(ap -> assertThat(ap.rootDirectory().path()).isEqualTo("/shared"));
    assertThat(
            aws.efs()
                .describeMountTargets(r -> r.fileSystemId("fs-0abc123def456789"))
                .mountTargets())
        .extracting(MountTargetDescription::availabilityZoneId)
        .containsExactly("use1-az1", "use1-az2");
    assertThat(aws.inspect().rules("sg-0lambda")).singleElement().satisfies(this::isDefaultEgress);
  }

  @Test
  void understandsEveryKeyOfTheDesignExample() {
    SimulatedAws aws = SimulatedAws.fromWorldYaml(DESIGN_EXAMPLE, "design.yaml");
    var fs =
        aws.efs()
            .describeFileSystems(r -> r.fileSystemId("fs-0abc123def456789"))
            .fileSystems()
            .get(0);
    assertThat(fs.availabilityZoneName()).isEqualTo("us-east-1a");
    assertThat(fs.availabilityZoneId()).isEqualTo("use1-az1");
    assertThat(fs.numberOfMountTargets()).isEqualTo(1);
    assertThat(fs.tags())
        .anySatisfy(t -> assertThat(t.key()).isEqualTo("lambdaefs.io/allowed-namespaces"));
    assertThat(aws.inspect().functionTags("file-processor"))
        .containsEntry("lambdaefs.io/allowed-namespaces", "*");
    assertThat(aws.inspect().rules("sg-0efs-mount-target"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.isEgress()).isFalse();
              assertThat(r.ipProtocol()).isEqualTo("tcp");
              assertThat(r.fromPort()).isEqualTo(2049);
              assertThat(r.referencedGroupInfo().groupId()).isEqualTo("sg-0other");
              assertThat(r.securityGroupRuleId()).startsWith("sgr-");
            });
    assertThat(aws.inspect().rules("sg-0lambda")).singleElement().satisfies(this::isDefaultEgress);
    var routes =
        aws.ec2()
            .describeRouteTables(
                r -> r.filters(f -> f.name("association.subnet-id").values("subnet-0aaa111")))
            .routeTables();
    assertThat(routes)
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.routes())
                    .anySatisfy(
                        route -> {
                          assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                          assertThat(route.natGatewayId()).startsWith("nat-");
                        }));
    // Without natGateway a subnet has no table of its own: the VPC's main table (local route
    // only, as EC2 creates it) applies, and filtering by the subnet does not return it.
    assertThat(
            aws.ec2()
                .describeRouteTables(
                    r -> r.filters(f -> f.name("association.subnet-id").values("subnet-0bbb222")))
                .routeTables())
        .isEmpty();
    assertThat(
            aws.ec2()
                .describeRouteTables(r -> r.filters(f -> f.name("association.main").values("true")))
                .routeTables())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.routes())
                    .singleElement()
                    .satisfies(route -> assertThat(route.gatewayId()).isEqualTo("local")));
  }

  @Test
  void oneWorldHoldsSeveralAccountsAndRegions() throws Exception {
    SimulatedAws home =
        SimulatedAws.fromWorldFile(Path.of("src/test/resources/worlds/tenants.yaml"));
    assertThat(home.accountIds()).containsExactly("111111111111", "222222222222");
    assertThat(home.inspect().function("file-processor").functionArn())
        .isEqualTo("arn:aws:lambda:us-east-1:111111111111:function:file-processor");
    assertThat(home.in("111111111111", "eu-west-1").inspect().function("eu-processor").role())
        .isEqualTo("arn:aws:iam::111111111111:role/lambda-efs-role");
    SimulatedAws tenant = home.in("222222222222", "us-west-2");
    assertThat(tenant.inspect().function("tenant-processor").functionArn())
        .isEqualTo("arn:aws:lambda:us-west-2:222222222222:function:tenant-processor");
    assertThat(tenant.inspect().accessPoints("fs-0ccc000000000003")).isEmpty();
    // Each cell is its own: a Region's objects are not seen from another.
    assertThat(home.inspect().function("eu-processor")).isNull();
    assertThat(home.in("111111111111", "ap-south-1").inspect().function("file-processor")).isNull();
  }

  @Test
  void accountsAndRegionsAreCheckedWhereTheyStand() {
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    """
                    account: "111111111111"
                    accounts:
                      - account: "111111111111"
                    """,
                    "w.yaml"))
        .hasMessageStartingWith("w.yaml:3: ")
        .hasMessageContaining("operator's own");
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    """
                    regions:
                      - region: eu-west-1
                      - region: eu-west-1
                    """,
                    "w.yaml"))
        .hasMessageStartingWith("w.yaml:3: ")
        .hasMessageContaining("more than once");
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    """
                    accounts:
                      - account: "222222222222"
                        vpcs: []
                    """,
                    "w.yaml"))
        .hasMessageStartingWith("w.yaml:3: unknown key 'vpcs'");
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    """
                    accounts:
                      - account: "222222222222"
                        regions:
                          - region: us-west-2
                            functions:
                              - {name: f, role: not-in-that-account}
                    """,
                    "w.yaml"))
        .hasMessageStartingWith("w.yaml:6: ")
        .hasMessageContaining("not-in-that-account");
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    """
                    roles:
                      - name: r
                        trustPolicy: '{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}'
                    """,
                    "w.yaml"))
        .hasMessageStartingWith("w.yaml:3: ")
        .hasMessageContaining("principal");
  }

  private void isDefaultEgress(SecurityGroupRule r) {
    assertThat(r.isEgress()).isTrue();
    assertThat(r.ipProtocol()).isEqualTo("-1");
    assertThat(r.fromPort()).isEqualTo(-1);
    assertThat(r.toPort()).isEqualTo(-1);
    assertThat(r.cidrIpv4()).isEqualTo("0.0.0.0/0");
  }

  @Test
  void unknownKeyNamesSourceAndLine() {
    String yaml =
        """
        account: "123456789012"
        vpcs:
          - id: vpc-1
            subnetz: []
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(yaml, "world.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("world.yaml:4: unknown key 'subnetz'");
  }

  @Test
  void danglingReferencesNameTheLine() {
    String subnet =
        """
        vpcs:
          - id: vpc-1
            subnets: [{id: subnet-1, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}]
            securityGroups: [{id: sg-1}]
        fileSystems:
          - id: fs-1
            vpcId: vpc-1
            mountTargets:
              - {subnetId: subnet-2, securityGroupIds: [sg-1]}
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(subnet, "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:9: ")
        .hasMessageContaining("subnet-2");
    String role =
        """
        roles: [{name: r1}]
        functions:
          - name: f
            role: r2
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(role, "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:4: ")
        .hasMessageContaining("'r2'");
    String group =
        """
        vpcs:
          - id: vpc-1
            subnets: [{id: subnet-1, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}]
        roles: [{name: r1}]
        functions:
          - name: f
            role: r1
            vpcConfig:
              subnetIds: [subnet-1]
              securityGroupIds: [sg-missing]
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(group, "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:10: ")
        .hasMessageContaining("sg-missing");
    String vpc =
        """
        fileSystems:
          - id: fs-1
            vpcId: vpc-nowhere
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(vpc, "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:3: ")
        .hasMessageContaining("vpc-nowhere");
  }

  @Test
  void badYamlAndBadValuesNameTheLine() {
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml("vpcs:\n  - id: [\n", "bad.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("bad.yaml:");
    String nat =
        """
        vpcs:
          - id: vpc-1
            subnets:
              - {id: s, availabilityZone: a, availabilityZoneId: b, natGateway: perhaps}
        """;
    assertThatThrownBy(() -> SimulatedAws.fromWorldYaml(nat, "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:4: ")
        .hasMessageContaining("natGateway");
  }

  @Test
  void emptyEgressMeansNoEgress() {
    String yaml =
        """
        vpcs:
          - id: vpc-1
            securityGroups:
              - {id: sg-none, egress: []}
              - {id: sg-default}
        """;
    SimulatedAws aws = SimulatedAws.fromWorldYaml(yaml, "w.yaml");
    assertThat(aws.inspect().rules("sg-none")).isEmpty();
    assertThat(aws.inspect().rules("sg-default")).singleElement().satisfies(this::isDefaultEgress);
    var sg =
        aws.ec2().describeSecurityGroups(r -> r.groupIds("sg-default")).securityGroups().get(0);
    assertThat(sg.ipPermissionsEgress())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ipProtocol()).isEqualTo("-1");
              assertThat(p.ipRanges())
                  .singleElement()
                  .satisfies(r -> assertThat(r.cidrIp()).isEqualTo("0.0.0.0/0"));
            });
  }

  @Test
  void theCallerAndFileSystemPoliciesAreReadAndCheckedWhereTheyStand() {
    String world =
        """
        caller:
          role: ops
          policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*","elasticfilesystem:DescribeFileSystemPolicy"],"Resource":"*"}]}'
        vpcs:
          - id: vpc-1
        fileSystems:
          - id: fs-1
            vpcId: vpc-1
            policy: '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'
        """;
    SimulatedAws aws = SimulatedAws.fromWorldYaml(world, "w.yaml");
    assertThat(aws.callerPolicy()).contains("ec2:Describe*");
    assertThat(aws.efs().describeFileSystemPolicy(r -> r.fileSystemId("fs-1")).policy())
        .isEqualTo(
            "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
    assertThatThrownBy(() -> aws.efs().describeFileSystems(r -> r.fileSystemId("fs-1")))
        .hasMessageContaining(
            "User: arn:aws:sts::123456789012:assumed-role/ops/ops is not authorized");

    assertThatThrownBy(
            () -> SimulatedAws.fromWorldYaml(world.replace("\"Principal\":\"*\",", ""), "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:9: ")
        .hasMessageContaining("fs-1", "principal");
    assertThatThrownBy(
            () ->
                SimulatedAws.fromWorldYaml(
                    world.replace("\"Resource\":\"*\"", "\"Sid\":\"x\""), "w.yaml"))
        .isInstanceOf(WorldException.class)
        .hasMessageStartingWith("w.yaml:3: ")
        .hasMessageContaining("caller", "resources");
  }
}
