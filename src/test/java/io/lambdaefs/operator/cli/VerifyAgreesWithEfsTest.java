package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.plan.Problem;
import io.lambdaefs.operator.validate.CrdValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * iam.mode Verify predicts what EFS decides when Lambda mounts: for each pairing of an execution
 * role policy and a file system policy, MissingPermissions names exactly the client actions the
 * simulated EFS refuses, and a setup that works is never reported.
 */
class VerifyAgreesWithEfsTest {
  private static final CrdValidator VALIDATOR = CrdValidator.fromClasspath();
  private static final String AP = "fsap-0123456789abcdef0";
  private static final String AP_ARN =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/" + AP;
  private static final String FS_ARN =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc123def456789";
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/lambda-efs-role";
  private static final String ENI =
      "{\"Effect\":\"Allow\",\"Action\":[\"ec2:CreateNetworkInterface\",\"ec2:DescribeNetworkInterfaces\",\"ec2:DeleteNetworkInterface\"],\"Resource\":\"*\"}";
  private static final String ENCRYPTED_ONLY =
      "{\"Sid\":\"EncryptedOnly\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\","
          + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}";
  private static final String MOUNT = "elasticfilesystem:ClientMount";
  private static final String WRITE = "elasticfilesystem:ClientWrite";

  private static final String ADOPTING =
      """
      apiVersion: lambdaefs.io/v1alpha1
      kind: LambdaEfsMount
      metadata:
        name: file-processor-shared
      spec:
        functionName: file-processor
        fileSystemId: fs-0abc123def456789
        mountPath: /mnt/shared
        accessPoint:
          existingId: fsap-0123456789abcdef0
        iam:
          mode: Verify
      """;

  static Stream<Arguments> setups() {
    return Stream.of(
        Arguments.of("no file system policy, no client actions", null, List.of(), List.of()),
        Arguments.of(
            "encrypted-only file system policy, role grants both",
            policy(ENCRYPTED_ONLY),
            List.of(allow(MOUNT + "\",\"" + WRITE, FS_ARN, null)),
            List.of()),
        Arguments.of(
            "encrypted-only file system policy, role grants nothing",
            policy(ENCRYPTED_ONLY),
            List.of(),
            List.of(MOUNT, WRITE)),
        Arguments.of(
            "the file system policy grants the role",
            policy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                    + ROLE_ARN
                    + "\"},\"Action\":[\""
                    + MOUNT
                    + "\",\""
                    + WRITE
                    + "\"]}"),
            List.of(),
            List.of()),
        Arguments.of(
            "the file system policy grants mount only, to every client through a mount target",
            policy(
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\""
                    + MOUNT
                    + "\",\"Condition\":{\"Bool\":{\"elasticfilesystem:AccessedViaMountTarget\":\"true\"}}}"),
            List.of(),
            List.of(WRITE)),
        Arguments.of(
            "the file system policy denies write to the role the identity policy allows",
            policy(
                "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                    + ROLE_ARN
                    + "\"},\"Action\":\""
                    + WRITE
                    + "\"}"),
            List.of(allow("elasticfilesystem:Client*", "*", null)),
            List.of(WRITE)),
        Arguments.of(
            "the role grants through this access point only",
            policy(ENCRYPTED_ONLY),
            List.of(allow(MOUNT + "\",\"" + WRITE, FS_ARN, AP_ARN)),
            List.of()),
        Arguments.of(
            "the role grants through another access point",
            policy(ENCRYPTED_ONLY),
            List.of(allow(MOUNT + "\",\"" + WRITE, FS_ARN, AP_ARN.replace("abcdef0", "abcdef9"))),
            List.of(MOUNT, WRITE)));
  }

  private static String policy(String statement) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statement + "]}";
  }

  private static String allow(String actions, String resource, String accessPoint) {
    return "{\"Effect\":\"Allow\",\"Action\":[\""
        + actions
        + "\"],\"Resource\":\""
        + resource
        + "\""
        + (accessPoint == null
            ? ""
            : ",\"Condition\":{\"StringEquals\":{\"elasticfilesystem:AccessPointArn\":\""
                + accessPoint
                + "\"}}")
        + "}";
  }

  private static String world(String fileSystemPolicy, List<String> roleStatements)
      throws IOException {
    return world(fileSystemPolicy, ENI, roleStatements);
  }

  private static String world(String fileSystemPolicy, String eni, List<String> roleStatements)
      throws IOException {
    String base = Files.readString(Path.of("src/test/resources/worlds/base.yaml"));
    String role =
        policy(String.join(",", Stream.concat(Stream.of(eni), roleStatements.stream()).toList()));
    base =
        base.replaceAll(
            "(?s)roles:.*",
            "roles:\n  - name: lambda-efs-role\n    inlinePolicies:\n      own: '" + role + "'\n");
    if (fileSystemPolicy != null) {
      base =
          base.replace(
              "  - id: fs-0abc123def456789\n    vpcId: vpc-0a1b2c3d\n",
              "  - id: fs-0abc123def456789\n    vpcId: vpc-0a1b2c3d\n    policy: '"
                  + fileSystemPolicy
                  + "'\n");
    }
    return base;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void missingPermissionsNamesWhatEfsRefusesAndNothingElse(
      String setup, String fileSystemPolicy, List<String> roleStatements, List<String> refused)
      throws IOException {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(world(fileSystemPolicy, roleStatements), setup);
    assertThat(sim.inspect().deniedClientActions("lambda-efs-role", AP))
        .as("what EFS decides for this setup")
        .containsExactlyElementsOf(refused);

    List<DocumentPlan> plans =
        new PlanRunner(new SimClientFactory(sim), VALIDATOR, Clock.systemUTC())
            .plan(ADOPTING, "mount.yaml");
    List<Problem> missing =
        plans.get(0).plan().problems().stream()
            .filter(p -> p.reason().equals("MissingPermissions"))
            .toList();
    if (refused.isEmpty()) {
      assertThat(missing).as("a setup that works is never reported").isEmpty();
    } else {
      assertThat(missing).hasSize(1);
      String message = missing.get(0).message();
      for (String action : List.of(MOUNT, WRITE)) {
        if (refused.contains(action)) {
          assertThat(message).contains(action);
        } else {
          assertThat(message).doesNotContain(action);
        }
      }
    }
  }

  /** The ENI statements the way least-privilege roles scope them: to the function's network. */
  private static String scopedEni(String subnet) {
    String ec2 = "arn:aws:ec2:us-east-1:123456789012:";
    return "{\"Effect\":\"Allow\",\"Action\":\"ec2:CreateNetworkInterface\",\"Resource\":[\""
        + ec2
        + "network-interface/*\",\""
        + ec2
        + "subnet/"
        + subnet
        + "\",\""
        + ec2
        + "subnet/subnet-0bbb222\",\""
        + ec2
        + "security-group/*\"]},"
        + "{\"Effect\":\"Allow\",\"Action\":\"ec2:DeleteNetworkInterface\",\"Resource\":\""
        + ec2
        + "network-interface/*\"},"
        + "{\"Effect\":\"Allow\",\"Action\":\"ec2:DescribeNetworkInterfaces\",\"Resource\":\"*\"}";
  }

  private static List<Problem> missing(String world) {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(world, "eni.yaml");
    return new PlanRunner(new SimClientFactory(sim), VALIDATOR, Clock.systemUTC())
        .plan(ADOPTING, "mount.yaml").get(0).plan().problems().stream()
            .filter(p -> p.reason().equals("MissingPermissions"))
            .toList();
  }

  @Test
  void eniActionsScopedToTheFunctionsNetworkAreEnough() throws IOException {
    assertThat(missing(world(null, scopedEni("subnet-0aaa111"), List.<String>of())))
        .as(
            "each ENI action is asked about on the EC2 resources Lambda acts on, not the file system")
        .isEmpty();
  }

  @Test
  void eniActionsScopedToAnotherSubnetAreMissing() throws IOException {
    assertThat(missing(world(null, scopedEni("subnet-0fff999"), List.<String>of())))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("ec2:CreateNetworkInterface")
                    .doesNotContain("ec2:DeleteNetworkInterface"));
  }
}
