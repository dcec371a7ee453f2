package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** The simulated account authorizes every call against the caller's policy, as AWS does. */
class AuthorizationTest {
  static final String CALLER =
      "arn:aws:sts::123456789012:assumed-role/lambda-efs-operator/lambda-efs-operator";
  static final String FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:file-processor";
  static final String FS = "fs-0abc123def456789";
  static final String HAND_MADE_AP = "fsap-0123456789abcdef0";

  private SimulatedAws aws;

  @BeforeEach
  void setUp() throws Exception {
    aws = SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
  }

  private void callerMayOnly(String action) {
    aws.console()
        .setCallerPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\""
                + action
                + "\",\"Resource\":\"*\"}]}");
  }

  @Test
  void theShippedPolicyIsTheDefaultCaller() {
    assertThat(aws.callerPolicy()).isEqualTo(ShippedPolicy.document());
  }

  @Test
  void eachServiceRefusesWithItsOwnErrorAndMessage() {
    callerMayOnly("sts:GetCallerIdentity");
    LambdaException lambda =
        awsError(
            LambdaException.class,
            "AccessDeniedException",
            403,
            "Lambda",
            () -> aws.lambda().getFunction(r -> r.functionName("file-processor")));
    assertThat(lambda.awsErrorDetails().errorMessage())
        .isEqualTo(
            "User: "
                + CALLER
                + " is not authorized to perform: lambda:GetFunction on resource: "
                + FUNCTION
                + " because no identity-based policy allows the lambda:GetFunction action");
    EfsException efs =
        awsError(
            EfsException.class,
            "AccessDeniedException",
            403,
            "EFS",
            () -> aws.efs().describeFileSystems(r -> r.fileSystemId(FS)));
    assertThat(efs.awsErrorDetails().errorMessage())
        .contains(
            "is not authorized to perform: elasticfilesystem:DescribeFileSystems on resource:"
                + " arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/"
                + FS);
    Ec2Exception ec2 =
        awsError(
            Ec2Exception.class,
            "UnauthorizedOperation",
            403,
            "EC2",
            () -> aws.ec2().describeSubnets(r -> r.subnetIds("subnet-0aaa111")));
    assertThat(ec2.awsErrorDetails().errorMessage())
        .startsWith(
            "You are not authorized to perform this operation. User: "
                + CALLER
                + " is not authorized to perform: ec2:DescribeSubnets on resource: *");
    IamException iam =
        awsError(
            IamException.class,
            "AccessDenied",
            403,
            "IAM",
            () -> aws.iam().getRole(r -> r.roleName("lambda-efs-role")));
    assertThat(iam.awsErrorDetails().errorMessage())
        .contains(
            "iam:GetRole on resource: arn:aws:iam::123456789012:role/lambda-efs-role because no"
                + " identity-based policy allows");
    assertThat(aws.calls().count("Lambda:GetFunction")).as("a denied call is a call").isOne();
  }

  @Test
  void anExplicitDenyIsNamedAsSuch() {
    aws.console()
        .setCallerPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\"}]}");
    IamException e =
        awsError(
            IamException.class,
            "AccessDenied",
            403,
            "IAM",
            () -> aws.iam().getRole(r -> r.roleName("lambda-efs-role")));
    assertThat(e.awsErrorDetails().errorMessage())
        .endsWith("with an explicit deny in an identity-based policy");
  }

  @Test
  void theShippedPolicyLetsTheOperatorWriteOnlyWhatCarriesItsTags() {
    // An access point without the managed-by tag, or one the operator did not make, is refused.
    awsError(
        EfsException.class,
        "AccessDeniedException",
        403,
        "EFS",
        () -> aws.efs().createAccessPoint(r -> r.fileSystemId(FS).clientToken("untagged")));
    String created =
        aws.efs()
            .createAccessPoint(
                r ->
                    r.fileSystemId(FS)
                        .clientToken("tagged")
                        .tags(t -> t.key("lambdaefs.io/managed-by").value("lambda-efs-operator")))
            .accessPointId();
    awsError(
        EfsException.class,
        "AccessDeniedException",
        403,
        "EFS",
        () -> aws.efs().deleteAccessPoint(r -> r.accessPointId(HAND_MADE_AP)));
    aws.efs().deleteAccessPoint(r -> r.accessPointId(created));

    // Security group rules: only tagged at creation, re-tagged only with the operator's keys.
    anUntaggedRuleIsRefused();
    String rule =
        aws.ec2()
            .authorizeSecurityGroupIngress(this::taggedNfsRule)
            .securityGroupRules()
            .get(0)
            .securityGroupRuleId();
    aws.ec2().createTags(r -> r.resources(rule).tags(t -> t.key("lambdaefs.io/owner").value("x")));
    awsError(
        Ec2Exception.class,
        "UnauthorizedOperation",
        403,
        "EC2",
        () -> aws.ec2().createTags(r -> r.resources(rule).tags(t -> t.key("team").value("x"))));

    // Function tags: the operator's keys only, and never none.
    aws.lambda().tagResource(r -> r.resource(FUNCTION).tags(Map.of("lambdaefs.io/owner", "a/b")));
    awsError(
        LambdaException.class,
        "AccessDeniedException",
        403,
        "Lambda",
        () -> aws.lambda().tagResource(r -> r.resource(FUNCTION).tags(Map.of("team", "data"))));
    aws.lambda().untagResource(r -> r.resource(FUNCTION).tagKeys("lambdaefs.io/owner"));
  }

  /**
   * EC2 authorizes AuthorizeSecurityGroupIngress/Egress on the security group, an existing resource
   * whose context carries no request tags, and on the new security-group-rule, whose context does.
   * A request-tag condition on the group therefore refuses every rule, tagged or not.
   */
  @Test
  void aRuleIsAuthorizedOnTheGroupWithoutTheRequestTagsAndOnTheNewRuleWithThem() {
    String group = "arn:aws:ec2:*:*:security-group/*";
    String rule = "arn:aws:ec2:*:*:security-group-rule/*";
    String tagged =
        ",\"Condition\":{\"StringEquals\":{\"" + MANAGED_BY + "\":\"lambda-efs-operator\"}}";
    String reads = allow("ec2:DescribeSecurityGroups", "\"*\"", "");
    String tagOnCreate = allow("ec2:CreateTags", "\"" + rule + "\"", "");

    // One request-tag condition on both resources: the group never matches it.
    callerPolicy(
        reads,
        tagOnCreate,
        allow("ec2:AuthorizeSecurityGroupIngress", "[\"" + group + "\",\"" + rule + "\"]", tagged));
    assertThat(
            awsError(
                    Ec2Exception.class,
                    "UnauthorizedOperation",
                    403,
                    "EC2",
                    () -> aws.ec2().authorizeSecurityGroupIngress(this::taggedNfsRule))
                .getMessage())
        .contains("ec2:AuthorizeSecurityGroupIngress", ":security-group/sg-0efs-mount-target");

    // The group unconditioned, the rule with the condition: tagged rules only.
    callerPolicy(
        reads,
        tagOnCreate,
        allow("ec2:AuthorizeSecurityGroupIngress", "\"" + group + "\"", ""),
        allow("ec2:AuthorizeSecurityGroupIngress", "\"" + rule + "\"", tagged));
    assertThat(aws.ec2().authorizeSecurityGroupIngress(this::taggedNfsRule).securityGroupRules())
        .hasSize(1);
    anUntaggedRuleIsRefused();
  }

  private static String allow(String action, String resource, String condition) {
    return "{\"Effect\":\"Allow\",\"Action\":\""
        + action
        + "\",\"Resource\":"
        + resource
        + condition
        + "}";
  }

  private void callerPolicy(String... statements) {
    aws.console()
        .setCallerPolicy(
            "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
  }

  private static final String MANAGED_BY = "aws:RequestTag/lambdaefs.io/managed-by";

  private void anUntaggedRuleIsRefused() {
    awsError(
        Ec2Exception.class,
        "UnauthorizedOperation",
        403,
        "EC2",
        () ->
            aws.ec2()
                .authorizeSecurityGroupIngress(
                    r -> r.groupId("sg-0efs-mount-target").ipPermissions(nfsFrom("sg-0lambda"))));
  }

  private static IpPermission nfsFrom(String group) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(2049)
        .toPort(2049)
        .userIdGroupPairs(u -> u.groupId(group))
        .build();
  }

  private void taggedNfsRule(AuthorizeSecurityGroupIngressRequest.Builder r) {
    r.groupId("sg-0efs-mount-target")
        .ipPermissions(nfsFrom("sg-0lambda"))
        .tagSpecifications(
            t ->
                t.resourceType(ResourceType.SECURITY_GROUP_RULE)
                    .tags(k -> k.key("lambdaefs.io/managed-by").value("lambda-efs-operator")));
  }

  @Test
  void theShippedPolicyLetsTheOperatorContinueItsListsButNeverSetTheOwnersOptIn() {
    aws.lambda()
        .tagResource(
            r ->
                r.resource(FUNCTION)
                    .tags(
                        Map.of(
                            "lambdaefs.io/file-systems", FS,
                            "lambdaefs.io/added-subnets-2", "subnet-0c",
                            "lambdaefs.io/added-security-groups-2", "sg-0c")));
    aws.lambda()
        .untagResource(
            r ->
                r.resource(FUNCTION)
                    .tagKeys("lambdaefs.io/added-subnets-2", "lambdaefs.io/access-points"));
    // The owner's opt-in, and the key only earlier versions wrote: never, not even beside ours.
    for (Map<String, String> refused :
        List.of(
            Map.of("lambdaefs.io/file-systems", FS, "lambdaefs.io/allowed-namespaces", "*"),
            Map.of("lambdaefs.io/access-points", ""))) {
      awsError(
          LambdaException.class,
          "AccessDeniedException",
          403,
          "Lambda",
          () -> aws.lambda().tagResource(r -> r.resource(FUNCTION).tags(refused)));
    }
  }

  @Test
  void getFunctionReturnsTagsOnlyToACallerThatMayListThem() {
    aws.console().setCallerPolicy(ShippedPolicy.document());
    aws.lambda().tagResource(r -> r.resource(FUNCTION).tags(Map.of("lambdaefs.io/owner", "a/b")));
    assertThat(aws.lambda().getFunction(r -> r.functionName("file-processor")).tags())
        .containsEntry("lambdaefs.io/owner", "a/b");

    callerMayOnly("lambda:GetFunction");
    var response = aws.lambda().getFunction(r -> r.functionName("file-processor"));
    assertThat(response.configuration().functionName()).isEqualTo("file-processor");
    assertThat(response.tags()).as("no lambda:ListTags: no tags, and no error").isEmpty();
  }

  @Test
  void mountTargetSecurityGroupsAlsoNeedTheNetworkInterfaceAttribute() {
    String mountTarget =
        aws.efs()
            .describeMountTargets(r -> r.fileSystemId(FS))
            .mountTargets()
            .get(0)
            .mountTargetId();
    aws.console()
        .setCallerPolicy(
            ShippedPolicy.document()
                .replace("\"ec2:DescribeNetworkInterfaceAttribute\"", "\"ec2:DescribeNothing\""));
    EfsException e =
        awsError(
            EfsException.class,
            "AccessDeniedException",
            403,
            "EFS",
            () -> aws.efs().describeMountTargetSecurityGroups(r -> r.mountTargetId(mountTarget)));
    assertThat(e.awsErrorDetails().errorMessage())
        .contains(
            "ec2:DescribeNetworkInterfaceAttribute on resource: arn:aws:ec2:us-east-1:123456789012:network-interface/eni-");
  }

  @Test
  void aVpcConfigIsCheckedWithTheCallersOwnEc2Permissions() {
    aws.console().setCallerPolicy(ShippedPolicy.document().replace("\"ec2:DescribeVpcs\",", ""));
    // The operator configures only functions it tagged (ConfigureFunctions).
    aws.console()
        .setFunctionTag("file-processor", "lambdaefs.io/managed-by", "lambda-efs-operator");
    LambdaException e =
        awsError(
            LambdaException.class,
            "AccessDeniedException",
            403,
            "Lambda",
            () ->
                aws.lambda()
                    .updateFunctionConfiguration(
                        r ->
                            r.functionName("file-processor")
                                .vpcConfig(
                                    v ->
                                        v.subnetIds("subnet-0aaa111")
                                            .securityGroupIds("sg-0lambda"))));
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Your access has been denied by EC2, please make sure your request credentials have"
                + " permission to DescribeVpcs for vpc-0a1b2c3d. EC2 Error Code:"
                + " UnauthorizedOperation. EC2 Error Message: You are not authorized to perform this"
                + " operation.");
    assertThat(aws.inspect().function("file-processor").vpcConfig().subnetIds())
        .as("nothing changed")
        .hasSize(2);
  }
}
