package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;

class SimIamTest {
  static final String ROLE_ARN = "arn:aws:iam::123456789012:role/lambda-efs-role";
  static final String FS_ARN =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc123def456789";
  static final String AP_ARN =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0";
  static final String POLICY =
      """
      {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Action": ["elasticfilesystem:Client*"],
        "Resource": "%s",
        "Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": "%s"}}
      }]}"""
          .formatted(FS_ARN, AP_ARN);

  private SimulatedAws aws;
  private IamClient iam;

  @BeforeEach
  void setUp() throws Exception {
    aws = SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
    iam = aws.iam();
  }

  private List<EvaluationResult> simulate(String role, List<String> context, String... actions) {
    return iam.simulatePrincipalPolicy(
            r -> {
              r.policySourceArn(role).actionNames(actions).resourceArns(FS_ARN);
              if (!context.isEmpty()) {
                r.contextEntries(
                    c ->
                        c.contextKeyName("elasticfilesystem:AccessPointArn")
                            .contextKeyType("string")
                            .contextKeyValues(context));
              }
            })
        .evaluationResults();
  }

  @Test
  void worldAllowListIsAllowedAndEverythingElseImplicitlyDenied() {
    List<EvaluationResult> results =
        simulate(
            ROLE_ARN,
            List.of(),
            "elasticfilesystem:ClientMount",
            "ec2:CreateNetworkInterface",
            "elasticfilesystem:ClientRootAccess");
    assertThat(results)
        .extracting(EvaluationResult::evalDecision)
        .containsExactly(
            PolicyEvaluationDecisionType.ALLOWED,
            PolicyEvaluationDecisionType.ALLOWED,
            PolicyEvaluationDecisionType.IMPLICIT_DENY);
    assertThat(results.get(0).evalActionName()).isEqualTo("elasticfilesystem:ClientMount");
  }

  @Test
  void inlinePolicyAllowsWithWildcardsAndConditions() {
    String bare =
        """
        roles: [{name: bare, tags: {lambdaefs.io/managed-policy: allowed}}]
        """;
    SimulatedAws sim = SimulatedAws.fromWorldYaml(bare, "bare.yaml");
    iam = sim.iam();
    String role = "arn:aws:iam::123456789012:role/bare";
    assertThat(
            simulate(role, List.of(AP_ARN), "elasticfilesystem:ClientWrite").get(0).evalDecision())
        .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    iam.putRolePolicy(r -> r.roleName("bare").policyName("efs").policyDocument(POLICY));
    assertThat(
            simulate(
                role,
                List.of(AP_ARN),
                "elasticfilesystem:ClientWrite",
                "elasticfilesystem:ClientMount",
                "elasticfilesystem:DeleteFileSystem"))
        .extracting(EvaluationResult::evalDecision)
        .containsExactly(
            PolicyEvaluationDecisionType.ALLOWED,
            PolicyEvaluationDecisionType.ALLOWED,
            PolicyEvaluationDecisionType.IMPLICIT_DENY);
    // another access point, or no context at all, does not satisfy the condition
    assertThat(
            simulate(
                    role,
                    List.of(AP_ARN.replace("abcdef0", "abcdef1")),
                    "elasticfilesystem:ClientWrite")
                .get(0)
                .evalDecision())
        .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    EvaluationResult missing = simulate(role, List.of(), "elasticfilesystem:ClientWrite").get(0);
    assertThat(missing.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
    assertThat(missing.missingContextValues()).containsExactly("elasticfilesystem:AccessPointArn");

    String encoded = iam.getRolePolicy(r -> r.roleName("bare").policyName("efs")).policyDocument();
    assertThat(encoded).doesNotContain("{");
    assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(POLICY);
    assertThat(sim.inspect().rolePolicies("bare")).containsEntry("efs", POLICY);

    iam.deleteRolePolicy(r -> r.roleName("bare").policyName("efs"));
    assertThat(sim.inspect().rolePolicies("bare")).isEmpty();
    awsError(
        NoSuchEntityException.class,
        "NoSuchEntity",
        404,
        "IAM",
        () -> iam.getRolePolicy(r -> r.roleName("bare").policyName("efs")));
  }

  @Test
  void explicitDenyWins() {
    aws.console().setRoleTag("lambda-efs-role", "lambdaefs.io/managed-policy", "allowed");
    iam.putRolePolicy(
        r ->
            r.roleName("lambda-efs-role")
                .policyName("deny")
                .policyDocument(
                    "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"elasticfilesystem:ClientWrite\",\"Resource\":\"*\"}}"));
    assertThat(simulate(ROLE_ARN, List.of(), "elasticfilesystem:ClientWrite").get(0).evalDecision())
        .isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
  }

  @Test
  void errors() {
    // GetRole is IAM's behaviour here; the operator itself never calls it (not in its policy).
    TestWorlds.allowingEverything(aws);
    assertThat(iam.getRole(r -> r.roleName("lambda-efs-role")).role().arn()).isEqualTo(ROLE_ARN);
    awsError(
        NoSuchEntityException.class,
        "NoSuchEntity",
        404,
        "IAM",
        () -> iam.getRole(r -> r.roleName("nope")));
    awsError(
        NoSuchEntityException.class,
        "NoSuchEntity",
        404,
        "IAM",
        () -> iam.putRolePolicy(r -> r.roleName("nope").policyName("p").policyDocument(POLICY)));
    awsError(
        NoSuchEntityException.class,
        "NoSuchEntity",
        404,
        "IAM",
        () -> simulate("arn:aws:iam::123456789012:role/nope", List.of(), "s3:GetObject"));
    awsError(
        MalformedPolicyDocumentException.class,
        "MalformedPolicyDocument",
        400,
        "IAM",
        () ->
            iam.putRolePolicy(
                r -> r.roleName("lambda-efs-role").policyName("p").policyDocument("{not json")));
  }
}
