package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

class SimEc2Test {
  private SimulatedAws aws;
  private Ec2Client ec2;

  @BeforeEach
  void setUp() throws Exception {
    aws = TestWorlds.allowingEverything(SimulatedAws.fromWorldFile(Path.of("examples/world.yaml")));
    ec2 = aws.ec2();
  }

  private static AuthorizeSecurityGroupIngressRequest nfsFrom(String peer, String owner) {
    return AuthorizeSecurityGroupIngressRequest.builder()
        .groupId("sg-0efs-mount-target")
        .ipPermissions(
            p ->
                p.ipProtocol("tcp")
                    .fromPort(2049)
                    .toPort(2049)
                    .userIdGroupPairs(u -> u.groupId(peer)))
        .tagSpecifications(
            t ->
                t.resourceType("security-group-rule")
                    .tags(k -> k.key("lambdaefs.io/owner-uid").value(owner)))
        .build();
  }

  @Test
  void authorizeReturnsTaggedRulesAndDuplicateIsAnError() {
    var response = ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "uid-1"));
    assertThat(response.returnValue()).isTrue();
    SecurityGroupRule rule = response.securityGroupRules().get(0);
    assertThat(rule.securityGroupRuleId()).matches("sgr-[0-9a-f]{17}");
    assertThat(rule.isEgress()).isFalse();
    assertThat(rule.referencedGroupInfo().groupId()).isEqualTo("sg-0lambda");
    assertThat(rule.tags())
        .singleElement()
        .satisfies(t -> assertThat(t.value()).isEqualTo("uid-1"));
    int before = aws.inspect().rules("sg-0efs-mount-target").size();
    awsError(
        Ec2Exception.class,
        "InvalidPermission.Duplicate",
        400,
        "EC2",
        () -> ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "uid-2")));
    assertThat(aws.inspect().rules("sg-0efs-mount-target")).hasSize(before);
    var sg =
        ec2.describeSecurityGroups(r -> r.groupIds("sg-0efs-mount-target")).securityGroups().get(0);
    assertThat(sg.ipPermissions())
        .anySatisfy(
            p -> {
              assertThat(p.fromPort()).isEqualTo(2049);
              assertThat(p.userIdGroupPairs())
                  .singleElement()
                  .satisfies(u -> assertThat(u.groupId()).isEqualTo("sg-0lambda"));
            });
  }

  @Test
  void aSubnetWithoutATableOfItsOwnIsNotReturnedByAssociationButUsesTheMainTable()
      throws Exception {
    Ec2Client ec2 =
        SimulatedAws.fromWorldFile(Path.of("src/test/resources/worlds/main-route-table-nat.yaml"))
            .ec2();

    var bySubnet =
        ec2.describeRouteTables(
                r ->
                    r.filters(
                        f ->
                            f.name("association.subnet-id")
                                .values("subnet-0aaa111", "subnet-0bbb222")))
            .routeTables();
    assertThat(bySubnet)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.associations())
                  .singleElement()
                  .satisfies(
                      a -> {
                        assertThat(a.subnetId()).isEqualTo("subnet-0aaa111");
                        assertThat(a.main()).isFalse();
                      });
              assertThat(t.routes()).noneMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()));
            });

    var main =
        ec2.describeRouteTables(
                r ->
                    r.filters(
                        f -> f.name("vpc-id").values("vpc-0a1b2c3d"),
                        f -> f.name("association.main").values("true")))
            .routeTables();
    assertThat(main)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.associations())
                  .singleElement()
                  .satisfies(
                      a -> {
                        assertThat(a.main()).isTrue();
                        assertThat(a.subnetId()).isNull();
                      });
              assertThat(t.routes())
                  .anySatisfy(
                      r -> {
                        assertThat(r.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                        assertThat(r.natGatewayId()).startsWith("nat-");
                      });
            });
    assertThat(ec2.describeRouteTables(r -> {}).routeTables()).hasSize(2);
  }

  @Test
  void defaultEgressRuleExists() {
    var sg = ec2.describeSecurityGroups(r -> r.groupIds("sg-0lambda")).securityGroups().get(0);
    assertThat(sg.ipPermissionsEgress())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.ipProtocol()).isEqualTo("-1");
              assertThat(p.ipRanges())
                  .singleElement()
                  .satisfies(r -> assertThat(r.cidrIp()).isEqualTo("0.0.0.0/0"));
            });
    assertThat(
            ec2.describeSecurityGroupRules(
                    r -> r.filters(f -> f.name("group-id").values("sg-0lambda")))
                .securityGroupRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.isEgress()).isTrue();
              assertThat(r.ipProtocol()).isEqualTo("-1");
              assertThat(r.fromPort()).isEqualTo(-1);
              assertThat(r.toPort()).isEqualTo(-1);
              assertThat(r.cidrIpv4()).isEqualTo("0.0.0.0/0");
            });
  }

  @Test
  void tagFilterFindsOnlyTaggedRules() {
    ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "uid-1"));
    var egress =
        ec2.authorizeSecurityGroupEgress(
            r ->
                r.groupId("sg-0lambda")
                    .ipPermissions(
                        p ->
                            p.ipProtocol("tcp")
                                .fromPort(2049)
                                .toPort(2049)
                                .userIdGroupPairs(u -> u.groupId("sg-0efs-mount-target")))
                    .tagSpecifications(
                        t ->
                            t.resourceType("security-group-rule")
                                .tags(k -> k.key("lambdaefs.io/owner-uid").value("uid-2"))));
    assertThat(egress.securityGroupRules().get(0).isEgress()).isTrue();
    List<SecurityGroupRule> mine =
        ec2.describeSecurityGroupRules(
                r ->
                    r.filters(
                        f -> f.name("group-id").values("sg-0efs-mount-target", "sg-0lambda"),
                        f -> f.name("tag:lambdaefs.io/owner-uid").values("uid-1")))
            .securityGroupRules();
    assertThat(mine)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.groupId()).isEqualTo("sg-0efs-mount-target");
              assertThat(r.tags())
                  .anySatisfy(t -> assertThat(t.key()).isEqualTo("lambdaefs.io/owner-uid"));
            });
    assertThat(
            ec2.describeSecurityGroupRules(
                    r -> r.filters(f -> f.name("tag-key").values("lambdaefs.io/owner-uid")))
                .securityGroupRules())
        .hasSize(2);
    awsError(
        Ec2Exception.class,
        "InvalidParameterValue",
        400,
        "EC2",
        () -> ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("bogus").values("x"))));
  }

  @Test
  void describeSecurityGroupRulesPaginates() {
    for (int port = 1000; port < 1012; port++) {
      int p = port;
      ec2.authorizeSecurityGroupIngress(
          r ->
              r.groupId("sg-0lambda")
                  .ipPermissions(
                      x ->
                          x.ipProtocol("tcp")
                              .fromPort(p)
                              .toPort(p)
                              .ipRanges(i -> i.cidrIp("10.0.0.0/16"))));
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      DescribeSecurityGroupRulesResponse page =
          ec2.describeSecurityGroupRules(
              r ->
                  r.maxResults(5)
                      .nextToken(t)
                      .filters(f -> f.name("group-id").values("sg-0lambda")));
      page.securityGroupRules().forEach(x -> seen.add(x.securityGroupRuleId()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(seen).hasSize(13).doesNotHaveDuplicates();
    assertThat(pages).isEqualTo(3);
    assertThat(
            ec2.describeSecurityGroupRulesPaginator(
                    r -> r.maxResults(5).filters(f -> f.name("group-id").values("sg-0lambda")))
                .securityGroupRules())
        .hasSize(13);
  }

  @Test
  void revokeByIdAndUnknownId() {
    String id =
        ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "u"))
            .securityGroupRules()
            .get(0)
            .securityGroupRuleId();
    var revoked =
        ec2.revokeSecurityGroupIngress(
            r -> r.groupId("sg-0efs-mount-target").securityGroupRuleIds(id));
    assertThat(revoked.returnValue()).isTrue();
    assertThat(aws.inspect().rules("sg-0efs-mount-target"))
        .noneMatch(r -> r.securityGroupRuleId().equals(id));
    awsError(
        Ec2Exception.class,
        "InvalidSecurityGroupRuleId.NotFound",
        400,
        "EC2",
        () ->
            ec2.revokeSecurityGroupIngress(
                r -> r.groupId("sg-0efs-mount-target").securityGroupRuleIds(id)));
    // an egress rule id is not an ingress rule
    String egress = aws.inspect().rules("sg-0lambda").get(0).securityGroupRuleId();
    awsError(
        Ec2Exception.class,
        "InvalidSecurityGroupRuleId.NotFound",
        400,
        "EC2",
        () ->
            ec2.revokeSecurityGroupIngress(
                r -> r.groupId("sg-0lambda").securityGroupRuleIds(egress)));
    ec2.revokeSecurityGroupEgress(r -> r.groupId("sg-0lambda").securityGroupRuleIds(egress));
    assertThat(aws.inspect().rules("sg-0lambda")).isEmpty();
  }

  @Test
  void unknownIdsAndRuleLimit() {
    awsError(
        Ec2Exception.class,
        "InvalidGroup.NotFound",
        400,
        "EC2",
        () -> ec2.describeSecurityGroups(r -> r.groupIds("sg-nope")));
    awsError(
        Ec2Exception.class,
        "InvalidSecurityGroupRuleId.NotFound",
        400,
        "EC2",
        () -> ec2.describeSecurityGroupRules(r -> r.securityGroupRuleIds("sgr-nope")));
    awsError(
        Ec2Exception.class,
        "InvalidSubnetID.NotFound",
        400,
        "EC2",
        () -> ec2.describeSubnets(r -> r.subnetIds("subnet-nope")));
    awsError(
        Ec2Exception.class,
        "InvalidGroup.NotFound",
        400,
        "EC2",
        () -> ec2.authorizeSecurityGroupIngress(nfsFrom("sg-nope", "u")));
    awsError(
        Ec2Exception.class,
        "InvalidGroup.NotFound",
        400,
        "EC2",
        () ->
            ec2.authorizeSecurityGroupIngress(
                nfsFrom("sg-0lambda", "u").toBuilder().groupId("sg-nope").build()));
    var subnet = ec2.describeSubnets(r -> r.subnetIds("subnet-0bbb222")).subnets().get(0);
    assertThat(subnet.availabilityZoneId()).isEqualTo("use1-az2");
    assertThat(subnet.vpcId()).isEqualTo("vpc-0a1b2c3d");
    // sg-0lambda has 1 egress rule: 59 more fit, the 60th more does not
    for (int port = 1; port <= 59; port++) {
      int p = port;
      ec2.authorizeSecurityGroupEgress(
          r ->
              r.groupId("sg-0lambda")
                  .ipPermissions(
                      x ->
                          x.ipProtocol("tcp")
                              .fromPort(p)
                              .toPort(p)
                              .ipRanges(i -> i.cidrIp("10.0.0.0/16"))));
    }
    awsError(
        Ec2Exception.class,
        "RulesPerSecurityGroupLimitExceeded",
        400,
        "EC2",
        () ->
            ec2.authorizeSecurityGroupEgress(
                r ->
                    r.groupId("sg-0lambda")
                        .ipPermissions(
                            x ->
                                x.ipProtocol("tcp")
                                    .fromPort(100)
                                    .toPort(100)
                                    .ipRanges(i -> i.cidrIp("10.0.0.0/16")))));
    // ingress is counted separately
    ec2.authorizeSecurityGroupIngress(
        nfsFrom("sg-0efs-mount-target", "u").toBuilder().groupId("sg-0lambda").build());
  }

  @Test
  void consoleAddsAndRevokesRules() {
    String id =
        aws.console()
            .addSecurityGroupRule(
                "sg-0efs-mount-target", false, "tcp", 2049, 2049, "sg-0lambda", null);
    awsError(
        Ec2Exception.class,
        "InvalidPermission.Duplicate",
        400,
        "EC2",
        () -> ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "u")));
    aws.console().revokeSecurityGroupRule(id);
    ec2.authorizeSecurityGroupIngress(nfsFrom("sg-0lambda", "u"));
  }
}
