package io.lambdaefs.operator.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * File system policies as the operator uses them (DescribeFileSystemPolicy to verify the execution
 * role; PutFileSystemPolicy to set a world up), held to moto like {@link MotoConformanceTest}: the
 * same scenario against both, moto's known deviations from AWS named and checked.
 */
class MotoFileSystemPolicyConformanceTest {
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"EncryptedOnly\",\"Effect\":\"Deny\","
          + "\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\","
          + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";

  private static final String WORLD =
      """
      vpcs:
        - id: vpc-conformance
          subnets:
            - {id: subnet-conformance, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
      fileSystems:
        - id: fs-0conformance0001
          vpcId: vpc-conformance
      """;

  /**
   * case -> {AWS behaviour (the simulation's), moto 5.x's}. moto stores any text as a policy, where
   * EFS validates it (InvalidPolicyException, 400); and it fails with a 500 for the policy of a
   * file system that does not exist, where EFS answers FileSystemNotFound (404).
   */
  private static final Map<String, String[]> MOTO_DEVIATIONS =
      Map.of(
          "put a policy that is not JSON",
          new String[] {"InvalidPolicyException InvalidPolicyException 400", "ok"},
          "describe the policy of an unknown file system",
          new String[] {"FileSystemNotFoundException FileSystemNotFound 404", "EfsException 500"});

  private static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void fileSystemPoliciesBehaveLikeMoto() {
    try (EfsClient efs =
        EfsClient.builder()
            .endpointOverride(URI.create(moto.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            .build()) {
      String fs =
          efs.createFileSystem(r -> r.creationToken("policy-" + UUID.randomUUID())).fileSystemId();
      Map<String, String> motoSays = new TreeMap<>(observe(efs, fs));
      // moto does not enforce IAM: compare EFS's behaviour with a caller allowed it all.
      SimulatedAws sim =
          TestWorlds.allowingEverything(SimulatedAws.fromWorldYaml(WORLD, "policy.yaml"));
      Map<String, String> simSays = new TreeMap<>(observe(sim.efs(), "fs-0conformance0001"));

      for (Map.Entry<String, String[]> d : MOTO_DEVIATIONS.entrySet()) {
        assertThat(simSays.remove(d.getKey()))
            .as("simulation, %s (AWS behaviour)", d.getKey())
            .isEqualTo(d.getValue()[0]);
        assertThat(motoSays.remove(d.getKey()))
            .as("moto, %s: moto now follows AWS; move the case into the compared ones", d.getKey())
            .isEqualTo(d.getValue()[1]);
      }
      assertThat(simSays).containsExactlyEntriesOf(motoSays);
      assertThat(simSays)
          .containsEntry("describe before any policy", "PolicyNotFoundException PolicyNotFound 404")
          .containsEntry("describe after put", "the document as put");
    }
  }

  private static Map<String, String> observe(EfsClient efs, String fs) {
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put(
        "describe before any policy",
        outcome(() -> efs.describeFileSystemPolicy(r -> r.fileSystemId(fs))));
    seen.put(
        "put a policy",
        outcome(
            () -> {
              var put = efs.putFileSystemPolicy(r -> r.fileSystemId(fs).policy(POLICY));
              if (!fs.equals(put.fileSystemId()) || !POLICY.equals(put.policy())) {
                throw new AssertionError("PutFileSystemPolicy answered " + put);
              }
            }));
    String described = efs.describeFileSystemPolicy(r -> r.fileSystemId(fs)).policy();
    seen.put("describe after put", POLICY.equals(described) ? "the document as put" : described);
    seen.put(
        "put a policy that is not JSON",
        outcome(() -> efs.putFileSystemPolicy(r -> r.fileSystemId(fs).policy("{not json"))));
    seen.put(
        "describe the policy of an unknown file system",
        outcome(() -> efs.describeFileSystemPolicy(r -> r.fileSystemId("fs-00000000000000000"))));
    return seen;
  }

  private static String outcome(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (AwsServiceException e) {
      return e.getClass().getSimpleName()
          + (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
              ? ""
              : " " + e.awsErrorDetails().errorCode())
          + " "
          + e.statusCode();
    }
  }
}
