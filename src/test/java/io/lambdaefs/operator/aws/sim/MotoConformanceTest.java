package io.lambdaefs.operator.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;

/**
 * Holds the simulation and moto to the same observable behaviour where moto implements the
 * operation: the same scenario runs against both and must observe the same things. Where moto is
 * known to differ from AWS (AWS-SEMANTICS.md wins), the simulation must show the AWS behaviour and
 * moto must still show its known deviation, so a moto upgrade that fixes it fails here and the case
 * moves into the compared set. Uses the moto server MOTO_ENDPOINT names, else starts {@code
 * moto_server} from the PATH; without either the test fails: it is never skipped.
 */
class MotoConformanceTest {
  private static String endpoint;

  /** The ids the scenario works on, made in moto or declared in the sim's world. */
  private record Shape(String lambdaGroup, String mountTargetGroup, String fileSystem) {}

  private static final String WORLD =
      """
      vpcs:
        - id: vpc-conformance
          cidrBlock: 10.0.0.0/16
          subnets:
            - {id: subnet-conformance, availabilityZone: us-east-1a, availabilityZoneId: use1-az1, cidrBlock: 10.0.1.0/24}
          securityGroups:
            - {id: sg-0lambda, name: lambda}
            - {id: sg-0mount, name: mount-target}
      fileSystems:
        - id: fs-0conformance0001
          vpcId: vpc-conformance
      """;

  private static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    endpoint = moto.endpoint();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void simulationBehavesLikeMoto() {
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    try (Ec2Client ec2 =
            Ec2Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build();
        EfsClient efs =
            EfsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .build()) {
      Map<String, String> moto = observe(ec2, efs, motoShape(ec2, efs));

      // moto does not enforce IAM: compare the services' behaviour with a caller allowed it all.
      SimulatedAws sim =
          TestWorlds.allowingEverything(SimulatedAws.fromWorldYaml(WORLD, "conformance.yaml"));
      Map<String, String> simulated =
          observe(
              sim.ec2(), sim.efs(), new Shape("sg-0lambda", "sg-0mount", "fs-0conformance0001"));

      Map<String, String> motoCompared = new TreeMap<>(moto);
      Map<String, String> simCompared = new TreeMap<>(simulated);
      for (Map.Entry<String, String[]> d : MOTO_DEVIATIONS.entrySet()) {
        String motoSays = motoCompared.remove(d.getKey());
        String simSays = simCompared.remove(d.getKey());
        assertThat(simSays)
            .as("simulation, %s (AWS behaviour)", d.getKey())
            .isEqualTo(d.getValue()[0]);
        assertThat(motoSays)
            .as(
                "moto at %s, %s: moto now follows AWS here; move this case from MOTO_DEVIATIONS"
                    + " into the compared observations",
                endpoint, d.getKey())
            .isEqualTo(d.getValue()[1]);
      }
      assertThat(simCompared)
          .as("simulation vs moto at %s", endpoint)
          .containsExactlyEntriesOf(motoCompared);
      assertThat(simCompared)
          .containsEntry(
              "rule of the new group", "egress=true protocol=-1 ports=-1..-1 cidr=0.0.0.0/0")
          .containsEntry(
              "authorize the same rule again", "Ec2Exception InvalidPermission.Duplicate 400")
          .containsEntry(
              "describe an unknown access point",
              "AccessPointNotFoundException AccessPointNotFound 404");
    }
  }

  /**
   * Cases where moto 5.x differs from AWS: case -> {AWS behaviour (the simulation's), moto's
   * behaviour}. moto ignores ClientToken idempotency and deletes unknown access points silently;
   * AWS answers AccessPointAlreadyExists (409, carrying the existing id) and AccessPointNotFound
   * (404).
   */
  private static final Map<String, String[]> MOTO_DEVIATIONS =
      Map.of(
          "create again with the same ClientToken",
              new String[] {
                "AccessPointAlreadyExistsException AccessPointAlreadyExists 409 carries first id=true",
                "accepted"
              },
          "delete an unknown access point",
              new String[] {"AccessPointNotFoundException AccessPointNotFound 404", "ok"});

  private static Shape motoShape(Ec2Client ec2, EfsClient efs) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a"));
    String lambda =
        ec2.createSecurityGroup(
                r -> r.vpcId(vpc).groupName("lambda-" + suffix).description("lambda"))
            .groupId();
    String mount =
        ec2.createSecurityGroup(
                r -> r.vpcId(vpc).groupName("mount-target-" + suffix).description("mount target"))
            .groupId();
    String fs = efs.createFileSystem(r -> r.creationToken("conformance-" + suffix)).fileSystemId();
    return new Shape(lambda, mount, fs);
  }

  /**
   * The scenario; returns what a client can observe, with ids replaced by their role in the
   * scenario.
   */
  private static Map<String, String> observe(Ec2Client ec2, EfsClient efs, Shape s) {
    Map<String, String> seen = new LinkedHashMap<>();
    // A new security group allows all egress.
    List<String> rules = new ArrayList<>();
    for (SecurityGroupRule r :
        ec2.describeSecurityGroupRules(
                q -> q.filters(f -> f.name("group-id").values(s.lambdaGroup())))
            .securityGroupRules()) {
      rules.add(
          "egress="
              + r.isEgress()
              + " protocol="
              + r.ipProtocol()
              + " ports="
              + r.fromPort()
              + ".."
              + r.toPort()
              + " cidr="
              + r.cidrIpv4());
    }
    seen.put("rule of the new group", String.join("; ", rules));
    // Authorizing the same rule twice: InvalidPermission.Duplicate.
    Runnable authorize =
        () ->
            ec2.authorizeSecurityGroupIngress(
                q ->
                    q.groupId(s.mountTargetGroup())
                        .ipPermissions(
                            p ->
                                p.ipProtocol("tcp")
                                    .fromPort(2049)
                                    .toPort(2049)
                                    .userIdGroupPairs(u -> u.groupId(s.lambdaGroup()))));
    seen.put("authorize a rule", outcome(authorize));
    seen.put("authorize the same rule again", outcome(authorize));
    // Repeating a ClientToken: AccessPointAlreadyExists carrying the id of the first access point.
    String token = "conformance-" + UUID.randomUUID();
    String first =
        efs.createAccessPoint(
                q ->
                    q.clientToken(token)
                        .fileSystemId(s.fileSystem())
                        .posixUser(p -> p.uid(1000L).gid(1000L))
                        .rootDirectory(d -> d.path("/conformance")))
            .accessPointId();
    try {
      efs.createAccessPoint(
          q ->
              q.clientToken(token)
                  .fileSystemId(s.fileSystem())
                  .posixUser(p -> p.uid(1000L).gid(1000L))
                  .rootDirectory(d -> d.path("/conformance")));
      seen.put("create again with the same ClientToken", "accepted");
    } catch (AccessPointAlreadyExistsException e) {
      seen.put(
          "create again with the same ClientToken",
          describe(e) + " carries first id=" + first.equals(e.accessPointId()));
    }
    // Unknown access point: AccessPointNotFound.
    seen.put(
        "describe an unknown access point",
        outcome(() -> efs.describeAccessPoints(q -> q.accessPointId("fsap-00000000000000000"))));
    seen.put(
        "delete an unknown access point",
        outcome(() -> efs.deleteAccessPoint(q -> q.accessPointId("fsap-00000000000000000"))));
    return seen;
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (AwsServiceException e) {
      return describe(e);
    }
  }

  private static String describe(AwsServiceException e) {
    return e.getClass().getSimpleName()
        + " "
        + e.awsErrorDetails().errorCode()
        + " "
        + e.statusCode();
  }
}
