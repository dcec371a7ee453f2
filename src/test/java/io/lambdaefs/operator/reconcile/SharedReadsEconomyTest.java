package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.InterceptedClients;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.AccessPointParams;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What resources share is read once: the AWS calls of observing many mounts of one file system,
 * whose functions share a security group, counted call by call.
 */
class SharedReadsEconomyTest {
  private static final int MOUNTS = 12;
  private static final String FS = "fs-0be0000000000001";

  private SimulatedAws sim;
  private Observer observer;
  private ObservationRound round;
  private AwsClients aws;

  static String world() {
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
                  - id: sg-0mt
                  - id: sg-0fn
            fileSystems:
              - id: %s
                vpcId: vpc-0bench
                tags: {lambdaefs.io/allowed-namespaces: default}
                mountTargets:
                  - {subnetId: subnet-0bench1, securityGroupIds: [sg-0mt], state: available}
                  - {subnetId: subnet-0bench2, securityGroupIds: [sg-0mt], state: available}
            roles:
              - name: shared-role
                allow: [elasticfilesystem:ClientMount, elasticfilesystem:ClientWrite,
                        ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces,
                        ec2:DeleteNetworkInterface]
            functions:
            """
                .formatted(FS));
    for (int i = 0; i < MOUNTS; i++) {
      y.append("  - {name: fn-")
          .append(i)
          .append(", role: shared-role, state: Active, vpcConfig: {subnetIds: [subnet-0bench1,")
          .append(" subnet-0bench2], securityGroupIds: [sg-0fn]},")
          .append(" tags: {lambdaefs.io/allowed-namespaces: default}}\n");
    }
    return y.toString();
  }

  @BeforeEach
  void setUp() {
    sim = SimulatedAws.fromWorldYaml(world(), "shared world");
    observer = new Observer(Clock.systemUTC(), Duration.ofMinutes(1));
    round = new ObservationRound(observer, new Planner());
    aws = new InterceptedClients(new SimClientFactory(sim), observer.ownWrites()).forRegion(null);
  }

  private static DesiredMount mount(int i) {
    return new DesiredMount(
        "default",
        "m-" + i,
        "uid-" + i,
        null,
        "fn-" + i,
        FS,
        "/mnt/data",
        false,
        null,
        new AccessPointParams(1000 + i, 1000, List.of(), "/m-" + i, 1000L + i, 1000L, "755"),
        Map.of(),
        List.of(),
        List.of(),
        true,
        DriftPolicy.Correct,
        DeletionPolicy.Delete,
        IamMode.Verify);
  }

  private Map<String, Integer> observeAll() {
    sim.calls().reset();
    for (int i = 0; i < MOUNTS; i++) {
      Observation o = round.observe(mount(i), aws, Observer.Purpose.RECONCILE);
      assertThat(o.function().isFound()).isTrue();
      assertThat(o.fileSystem().isFound()).isTrue();
    }
    return sim.calls().snapshot();
  }

  @Test
  void manyMountsOfOneFileSystemReadWhatTheyShareOnce() {
    Map<String, Integer> calls = observeAll();

    assertThat(calls.get("Lambda:GetFunction")).as("each its own function").isEqualTo(MOUNTS);
    assertThat(calls.get("EFS:DescribeFileSystems")).as("%s", calls).isEqualTo(1);
    assertThat(calls.get("EFS:DescribeMountTargets")).as("%s", calls).isEqualTo(1);
    assertThat(calls.get("EFS:DescribeAccessPoints")).as("%s", calls).isEqualTo(1);
    assertThat(calls.get("EC2:DescribeSecurityGroupRules"))
        .as(
            "the shared group's and the mount targets' rules in one call, the rules the operator"
                + " tagged (each reconcile's own among them) in another: %s",
            calls)
        .isEqualTo(2);
    assertThat(calls.getOrDefault("IAM:SimulatePrincipalPolicy", 0))
        .as("one question per role, file system and mode, asked once: %s", calls)
        .isBetween(1, 2);

    Map<String, Integer> again = observeAll();
    assertThat(again)
        .as("a second round reads only the functions")
        .containsExactly(Map.entry("Lambda:GetFunction", MOUNTS));
  }

  @Test
  void theOperatorsOwnWritesAreSeenByTheNextObservationOfAnyMount() {
    observeAll();
    aws.efs()
        .createAccessPoint(
            r ->
                r.fileSystemId(FS)
                    .clientToken("m-0")
                    .posixUser(p -> p.uid(1000L).gid(1000L))
                    .rootDirectory(d -> d.path("/m-0"))
                    .tags(t -> t.key("lambdaefs.io/managed-by").value("lambda-efs-operator")));
    aws.ec2()
        .authorizeSecurityGroupIngress(
            r ->
                r.groupId("sg-0mt")
                    .ipPermissions(
                        p ->
                            p.ipProtocol("tcp")
                                .fromPort(2049)
                                .toPort(2049)
                                .userIdGroupPairs(g -> g.groupId("sg-0fn")))
                    .tagSpecifications(
                        t ->
                            t.resourceType("security-group-rule")
                                .tags(
                                    tag ->
                                        tag.key("lambdaefs.io/managed-by")
                                            .value("lambda-efs-operator"))));
    sim.calls().reset();
    Observation o = round.observe(mount(1), aws, Observer.Purpose.RECONCILE);
    assertThat(o.accessPoints().value()).as("the created access point, without reading").hasSize(1);
    assertThat(o.rules().value()).anyMatch(r -> "sg-0fn".equals(r.peerGroupId()));
    assertThat(sim.calls().count("EC2:DescribeSecurityGroupRules"))
        .as("the group the operator wrote to is read again, and the rules it tagged")
        .isEqualTo(2);

    // Deleting it drops the list that holds it (and nothing else kept is mistaken for a list).
    String created = o.accessPoints().value().get(0).id();
    aws.efs().deleteAccessPoint(r -> r.accessPointId(created));
    assertThat(round.observe(mount(1), aws, Observer.Purpose.RECONCILE).accessPoints().value())
        .extracting(ap -> ap.id())
        .doesNotContain(created);
  }
}
