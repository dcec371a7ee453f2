package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An NFS rule is in one account and Region: its heir is looked for there only, each candidate read
 * through its own target. The second account below has the same ids as the operator's own, so a
 * candidate there would rely on the rule if it were asked.
 */
class RuleHeirsTest {
  static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/lambda-efs-tenant";
  static final String FS = "fs-0abc123def456789";
  static final String NETWORK =
      """
      vpcs:
        - id: vpc-0a1b2c3d
          subnets:
            - {id: subnet-0aaa111, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
          securityGroups:
            - id: sg-0lambda
            - id: sg-0efs-mount-target
      fileSystems:
        - id: fs-0abc123def456789
          vpcId: vpc-0a1b2c3d
          mountTargets:
            - {subnetId: subnet-0aaa111, securityGroupIds: [sg-0efs-mount-target]}
      """;
  static final String WORLD =
      """
      account: "111111111111"
      region: us-east-1
      %s
      functions:
        - {name: processor-a, role: lambda-efs-role, vpcConfig: {subnetIds: [subnet-0aaa111], securityGroupIds: [sg-0lambda]}}
        - {name: processor-c, role: lambda-efs-role, vpcConfig: {subnetIds: [subnet-0aaa111], securityGroupIds: [sg-0lambda]}}
      roles:
        - {name: lambda-efs-role, allow: [ec2:CreateNetworkInterface]}
      accounts:
        - account: "222222222222"
          roles:
            - name: lambda-efs-tenant
              operatorPolicy: true
              trustPolicy: |
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"AWS": "arn:aws:iam::111111111111:role/lambda-efs-operator"},
                  "Action": "sts:AssumeRole",
                  "Condition": {"StringEquals": {"sts:ExternalId": "cluster-1"}}}]}
            - {name: lambda-efs-role, allow: [ec2:CreateNetworkInterface]}
          regions:
            - region: us-east-1
              %s
              functions:
                - {name: processor-b, role: lambda-efs-role, vpcConfig: {subnetIds: [subnet-0aaa111], securityGroupIds: [sg-0lambda]}}
      """
          .formatted(NETWORK, NETWORK.replace("\n", "\n        "));

  /** The ingress rule from the functions' group to the mount targets' group. */
  static final SgRuleView RULE =
      new SgRuleView(
          "sgr-0nfs",
          "sg-0efs-mount-target",
          false,
          "tcp",
          2049,
          2049,
          "sg-0lambda",
          null,
          Map.of());

  private RuleHeirs heirs;

  @BeforeEach
  void setUp() {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(WORLD, "rule-heirs");
    sim.console().setCallerPolicy(ShippedPolicy.withAssumeRole(TENANT_ROLE));
    Tenancy tenancy =
        Tenancy.defaults()
            .withNamespaceTagsRequired(false)
            .withAllowedRoles(Map.of("team-b", List.of(TENANT_ROLE)), "cluster-1");
    heirs =
        new RuleHeirs(
            new Observer(Clock.systemUTC()),
            new SimClientFactory(sim),
            new Planner(tenancy),
            tenancy.externalId());
  }

  private static LambdaEfsMount mount(String namespace, String name, String function) {
    LambdaEfsMount m = ExampleMounts.creating(name);
    m.getMetadata().setNamespace(namespace);
    m.getMetadata().setUid("uid-" + name);
    m.getSpec().setFunctionName(function);
    m.getSpec().setFileSystemId(FS);
    return m;
  }

  private static LambdaEfsMount inTheOtherAccount(String namespace) {
    LambdaEfsMount m = mount(namespace, "b", "processor-b");
    m.getSpec().setRoleArn(TENANT_ROLE);
    return m;
  }

  private static DesiredMount releasing() {
    return DesiredMount.of(mount("team-a", "a", "processor-a"));
  }

  @Test
  void theHeirIsInTheRulesAccountNotInAnotherWithTheSameIds() {
    LambdaEfsMount c = mount("team-c", "c", "processor-c");
    var found =
        heirs.find(releasing(), List.of(RULE), Stream.of(inTheOtherAccount("team-b"), c)).value();
    assertThat(found).containsOnlyKeys(RULE.id());
    assertThat(found.get(RULE.id())).isEqualTo(DesiredMount.of(c).ownershipTags());
  }

  @Test
  void aResourceInAnotherAccountIsNoHeirEvenWhereItsIdsMatch() {
    assertThat(
            heirs.find(releasing(), List.of(RULE), Stream.of(inTheOtherAccount("team-b"))).value())
        .isEmpty();
  }
}
