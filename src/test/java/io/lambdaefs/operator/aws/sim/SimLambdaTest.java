package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static io.lambdaefs.operator.aws.sim.TestWorlds.AP_A;
import static io.lambdaefs.operator.aws.sim.TestWorlds.AP_CREATING;
import static io.lambdaefs.operator.aws.sim.TestWorlds.AP_OTHER_VPC;
import static io.lambdaefs.operator.aws.sim.TestWorlds.apArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

class SimLambdaTest {
  private final MutableClock clock = new MutableClock();
  private SimulatedAws aws;
  private LambdaClient lambda;

  @BeforeEach
  void setUp() {
    // Lambda's own behaviour; the caller's authorization is AuthorizationTest's.
    aws =
        TestWorlds.allowingEverything(
            SimulatedAws.fromWorldYaml(TestWorlds.LAMBDA, "lambda.yaml").withClock(clock));
    lambda = aws.lambda();
  }

  private static FileSystemConfig fsc(String arn, String path) {
    return FileSystemConfig.builder().arn(arn).localMountPath(path).build();
  }

  private String revision(String fn) {
    return lambda.getFunction(r -> r.functionName(fn)).configuration().revisionId();
  }

  private InvalidParameterValueException invalid(UpdateFunctionConfigurationRequest request) {
    return awsError(
        InvalidParameterValueException.class,
        "InvalidParameterValueException",
        400,
        "Lambda",
        () -> lambda.updateFunctionConfiguration(request));
  }

  private UpdateFunctionConfigurationRequest.Builder attach(String fn, String apId) {
    return UpdateFunctionConfigurationRequest.builder()
        .functionName(fn)
        .fileSystemConfigs(fsc(apArn(apId), "/mnt/data"));
  }

  @Test
  void lambdaChecksTheExecutionRoleSeesRoleChangesOnlyOnceIamHasPropagatedThem() {
    aws.settings().iamPropagationDelay(Duration.ofSeconds(2));
    String deny =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"ec2:CreateNetworkInterface\",\"Resource\":\"*\"}]}";
    aws.iam().putRolePolicy(p -> p.roleName("r").policyName("no-eni").policyDocument(deny));
    UpdateFunctionConfigurationRequest intoVpc =
        UpdateFunctionConfigurationRequest.builder()
            .functionName("fn-novpc")
            .vpcConfig(v -> v.subnetIds("subnet-a").securityGroupIds("sg-fn"))
            .build();
    lambda.updateFunctionConfiguration(intoVpc);
    clock.advance(Duration.ofSeconds(5));

    UpdateFunctionConfigurationRequest again =
        intoVpc.toBuilder()
            .vpcConfig(v -> v.subnetIds("subnet-b").securityGroupIds("sg-fn"))
            .build();
    assertThat(invalid(again).awsErrorDetails().errorMessage())
        .isEqualTo(
            "The provided execution role does not have permissions to call CreateNetworkInterface"
                + " on EC2");

    aws.iam().deleteRolePolicy(p -> p.roleName("r").policyName("no-eni"));
    assertThat(aws.inspect().rolePolicies("r"))
        .as("IAM's own API shows the change at once")
        .isEmpty();
    invalid(again);
    clock.advance(Duration.ofSeconds(2));
    lambda.updateFunctionConfiguration(again);
  }

  @Test
  void getFunctionReturnsConfigurationAndTags() {
    var response = lambda.getFunction(r -> r.functionName("fn"));
    FunctionConfiguration c = response.configuration();
    assertThat(c.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:fn");
    assertThat(c.role()).isEqualTo("arn:aws:iam::123456789012:role/r");
    assertThat(c.stateAsString()).isEqualTo("Active");
    assertThat(c.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
    assertThat(c.vpcConfig().vpcId()).isEqualTo("vpc-main");
    assertThat(c.revisionId()).isNotBlank();
    assertThat(response.tags()).isEmpty();
    // not in a VPC: VpcConfig present with empty lists and an empty VpcId
    var novpc = lambda.getFunction(r -> r.functionName("fn-novpc")).configuration().vpcConfig();
    assertThat(novpc.subnetIds()).isEmpty();
    assertThat(novpc.securityGroupIds()).isEmpty();
    assertThat(novpc.vpcId()).isEmpty();
    // partial and full ARNs; $LATEST is the unqualified function
    assertThat(
            lambda
                .getFunction(r -> r.functionName("123456789012:function:fn"))
                .configuration()
                .functionName())
        .isEqualTo("fn");
    assertThat(
            lambda
                .getFunction(
                    r ->
                        r.functionName("arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST"))
                .configuration()
                .functionName())
        .isEqualTo("fn");
    awsError(
        ResourceNotFoundException.class,
        "ResourceNotFoundException",
        404,
        "Lambda",
        () -> lambda.getFunction(r -> r.functionName("nope")));
    awsError(
        ResourceNotFoundException.class,
        "ResourceNotFoundException",
        404,
        "Lambda",
        () ->
            lambda.getFunction(
                r -> r.functionName("arn:aws:lambda:eu-west-1:123456789012:function:fn")));
  }

  @Test
  void rejectsMoreThanOneFileSystem() {
    invalid(
        UpdateFunctionConfigurationRequest.builder()
            .functionName("fn")
            .fileSystemConfigs(fsc(apArn(AP_A), "/mnt/a"), fsc(apArn(AP_A), "/mnt/b"))
            .build());
  }

  @Test
  void rejectsBadLocalMountPath() {
    assertThat(
            invalid(
                UpdateFunctionConfigurationRequest.builder()
                    .functionName("fn")
                    .fileSystemConfigs(fsc(apArn(AP_A), "/data"))
                    .build()))
        .hasMessageContaining("localMountPath");
    invalid(
        UpdateFunctionConfigurationRequest.builder()
            .functionName("fn")
            .fileSystemConfigs(fsc(apArn(AP_A), "/mnt/" + "x".repeat(160)))
            .build());
    invalid(
        UpdateFunctionConfigurationRequest.builder()
            .functionName("fn")
            .fileSystemConfigs(fsc(apArn(AP_A), "/mnt/a/b"))
            .build());
  }

  @Test
  void rejectsArnsThatAreNotAccessPoints() {
    assertThat(
            invalid(
                UpdateFunctionConfigurationRequest.builder()
                    .functionName("fn")
                    .fileSystemConfigs(
                        fsc(
                            "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-main",
                            "/mnt/d"))
                    .build()))
        .hasMessageContaining("arn");
  }

  @Test
  void rejectsUnknownAndUnavailableAccessPoints() {
    assertThat(invalid(attach("fn", "fsap-00000000000000fff").build()))
        .hasMessageContaining("not found");
    assertThat(invalid(attach("fn", AP_CREATING).build())).hasMessageContaining("creating");
  }

  @Test
  void fileSystemNeedsVpc() {
    assertThat(invalid(attach("fn-novpc", AP_A).build())).hasMessageContaining("VPC");
  }

  @Test
  void vpcCannotBeRemovedWhileFileSystemConfigured() {
    lambda.updateFunctionConfiguration(attach("fn", AP_A).build());
    clock.advance(Duration.ofSeconds(5));
    assertThat(
            invalid(
                UpdateFunctionConfigurationRequest.builder()
                    .functionName("fn")
                    .vpcConfig(v -> v.subnetIds(List.of()).securityGroupIds(List.of()))
                    .build()))
        .hasMessageContaining("cannot be removed");
  }

  @Test
  void rejectsSubnetsOfDifferentVpcsAndUnknownSubnetsOrGroups() {
    invalid(
        UpdateFunctionConfigurationRequest.builder()
            .functionName("fn")
            .vpcConfig(v -> v.subnetIds("subnet-a", "subnet-x").securityGroupIds("sg-fn"))
            .build());
    assertThat(
            invalid(
                UpdateFunctionConfigurationRequest.builder()
                    .functionName("fn")
                    .vpcConfig(v -> v.subnetIds("subnet-zzz").securityGroupIds("sg-fn"))
                    .build()))
        .hasMessageContaining("InvalidSubnetID.NotFound");
    assertThat(
            invalid(
                UpdateFunctionConfigurationRequest.builder()
                    .functionName("fn")
                    .vpcConfig(v -> v.subnetIds("subnet-a").securityGroupIds("sg-zzz"))
                    .build()))
        .hasMessageContaining("InvalidGroup.NotFound");
  }

  @Test
  void everyAvailabilityZoneNeedsAnAvailableMountTarget() {
    assertThat(
            invalid(
                attach("fn", AP_A)
                    .vpcConfig(v -> v.subnetIds("subnet-a", "subnet-c").securityGroupIds("sg-fn"))
                    .build()))
        .hasMessageContaining(
            "does not have mount targets created in all availability zones the function will"
                + " execute in");
    String mtB =
        aws.efs().describeMountTargets(r -> r.fileSystemId("fs-main")).mountTargets().stream()
            .filter(mt -> mt.subnetId().equals("subnet-b"))
            .findFirst()
            .orElseThrow()
            .mountTargetId();
    aws.console().setMountTargetState(mtB, "creating");
    invalid(attach("fn", AP_A).build());
    aws.console().setMountTargetState(mtB, "available");
    lambda.updateFunctionConfiguration(attach("fn", AP_A).build());
  }

  @Test
  void mountTargetsMustBeInTheFunctionsVpc() {
    assertThat(invalid(attach("fn", AP_OTHER_VPC).build())).hasMessageContaining("vpc-other");
  }

  @Test
  void updateIsInProgressThenSuccessfulAfterTheDelay() {
    aws.settings().lambdaUpdateDelay(Duration.ofSeconds(30));
    String before = revision("fn");
    UpdateFunctionConfigurationResponse response =
        lambda.updateFunctionConfiguration(attach("fn", AP_A).revisionId(before).build());
    assertThat(response.lastUpdateStatus()).isEqualTo(LastUpdateStatus.IN_PROGRESS);
    assertThat(response.lastUpdateStatusReason()).isNotBlank();
    assertThat(response.fileSystemConfigs()).containsExactly(fsc(apArn(AP_A), "/mnt/data"));
    assertThat(response.revisionId()).isNotEqualTo(before);
    assertThat(response.vpcConfig().subnetIds()).containsExactly("subnet-a", "subnet-b");

    // 409 while InProgress
    awsError(
        ResourceConflictException.class,
        "ResourceConflictException",
        409,
        "Lambda",
        () ->
            lambda.updateFunctionConfiguration(
                r -> r.functionName("fn").fileSystemConfigs(List.of())));
    clock.advance(Duration.ofSeconds(29));
    assertThat(aws.inspect().function("fn").lastUpdateStatus())
        .isEqualTo(LastUpdateStatus.IN_PROGRESS);
    clock.advance(Duration.ofSeconds(1));
    FunctionConfiguration done = lambda.getFunction(r -> r.functionName("fn")).configuration();
    assertThat(done.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
    assertThat(done.lastUpdateStatusReasonCodeAsString()).isNull();
    assertThat(done.revisionId()).isNotEqualTo(response.revisionId());
    assertThat(done.fileSystemConfigs()).hasSize(1);
  }

  @Test
  void ipv6AllowedForDualStackIsKeptWhenOmittedAndRefusedWithoutSubnets() {
    aws.settings().lambdaUpdateDelay(Duration.ZERO);
    aws.console().setFunctionIpv6AllowedForDualStack("fn", true);

    lambda.updateFunctionConfiguration(
        r ->
            r.functionName("fn").vpcConfig(v -> v.subnetIds("subnet-a").securityGroupIds("sg-fn")));
    assertThat(aws.inspect().function("fn").vpcConfig().ipv6AllowedForDualStack()).isTrue();

    InvalidParameterValueException outWithTheFlag =
        invalid(
            UpdateFunctionConfigurationRequest.builder()
                .functionName("fn")
                .vpcConfig(v -> v.subnetIds(List.of()).securityGroupIds(List.of()))
                .build());
    assertThat(outWithTheFlag.awsErrorDetails().errorMessage())
        .startsWith("Ipv6AllowedForDualStack cannot be true without subnet or security groups.");
    assertThat(aws.inspect().function("fn").vpcConfig().subnetIds()).containsExactly("subnet-a");

    lambda.updateFunctionConfiguration(
        r ->
            r.functionName("fn")
                .vpcConfig(
                    v ->
                        v.subnetIds(List.of())
                            .securityGroupIds(List.of())
                            .ipv6AllowedForDualStack(false)));
    var out = aws.inspect().function("fn").vpcConfig();
    assertThat(out.subnetIds()).isEmpty();
    assertThat(out.ipv6AllowedForDualStack()).isFalse();
  }

  @Test
  void staleRevisionIdIsPreconditionFailed() {
    String stale = revision("fn");
    aws.console().setFunctionVpcConfig("fn", List.of("subnet-a"), List.of("sg-fn"));
    awsError(
        PreconditionFailedException.class,
        "PreconditionFailedException",
        412,
        "Lambda",
        () -> lambda.updateFunctionConfiguration(attach("fn", AP_A).revisionId(stale).build()));
    assertThat(aws.inspect().function("fn").fileSystemConfigs()).isEmpty();
  }

  @Test
  void omittedFieldsStayAndEmptyListDetaches() {
    aws.settings().lambdaUpdateDelay(Duration.ZERO);
    lambda.updateFunctionConfiguration(attach("fn", AP_A).build());
    // no VpcConfig and no FileSystemConfigs: both unchanged
    lambda.updateFunctionConfiguration(r -> r.functionName("fn").description("x"));
    FunctionConfiguration c = aws.inspect().function("fn");
    assertThat(c.fileSystemConfigs()).hasSize(1);
    assertThat(c.vpcConfig().subnetIds()).containsExactly("subnet-a", "subnet-b");
    lambda.updateFunctionConfiguration(r -> r.functionName("fn").fileSystemConfigs(List.of()));
    assertThat(aws.inspect().function("fn").fileSystemConfigs()).isEmpty();
    // now the VPC may go
    lambda.updateFunctionConfiguration(
        r ->
            r.functionName("fn")
                .vpcConfig(v -> v.subnetIds(List.of()).securityGroupIds(List.of())));
    assertThat(aws.inspect().function("fn").vpcConfig().vpcId()).isEmpty();
  }

  @Test
  void consoleCanMakeTheNextUpdateFail() {
    aws.console().failNextFunctionUpdate("fn", "EniLimitExceeded", "ENI limit reached");
    lambda.updateFunctionConfiguration(attach("fn", AP_A).build());
    clock.advance(Duration.ofSeconds(2));
    FunctionConfiguration c = lambda.getFunction(r -> r.functionName("fn")).configuration();
    assertThat(c.lastUpdateStatus()).isEqualTo(LastUpdateStatus.FAILED);
    assertThat(c.lastUpdateStatusReasonCodeAsString()).isEqualTo("EniLimitExceeded");
    assertThat(c.lastUpdateStatusReason()).isEqualTo("ENI limit reached");
    // only the next one
    lambda.updateFunctionConfiguration(r -> r.functionName("fn").fileSystemConfigs(List.of()));
    clock.advance(Duration.ofSeconds(2));
    assertThat(aws.inspect().function("fn").lastUpdateStatus())
        .isEqualTo(LastUpdateStatus.SUCCESSFUL);
  }

  @Test
  void pendingFunctionRejectsUpdates() {
    aws.console().setFunctionState("fn", "Pending");
    awsError(
        ResourceConflictException.class,
        "ResourceConflictException",
        409,
        "Lambda",
        () -> lambda.updateFunctionConfiguration(attach("fn", AP_A).build()));
  }

  @Test
  void tagsByFunctionArn() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    lambda.tagResource(
        r -> r.resource(arn).tags(Map.of("lambdaefs.io/a", "1", "lambdaefs.io/b", "2")));
    lambda.untagResource(r -> r.resource(arn).tagKeys("lambdaefs.io/b"));
    assertThat(lambda.getFunction(r -> r.functionName("fn")).tags())
        .containsExactly(Map.entry("lambdaefs.io/a", "1"));
    assertThat(aws.inspect().functionTags("fn")).containsExactly(Map.entry("lambdaefs.io/a", "1"));
    awsError(
        ResourceNotFoundException.class,
        "ResourceNotFoundException",
        404,
        "Lambda",
        () ->
            lambda.tagResource(
                r ->
                    r.resource("arn:aws:lambda:us-east-1:123456789012:function:gone")
                        .tags(Map.of("lambdaefs.io/a", "1"))));
  }

  @Test
  void onlyTheUnqualifiedFunctionCanBeReadConfiguredAndTagged() {
    String arn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    // The world publishes no versions or aliases: a qualifier names nothing.
    awsError(
        ResourceNotFoundException.class,
        "ResourceNotFoundException",
        404,
        "Lambda",
        () -> lambda.getFunction(r -> r.functionName("fn:prod")));
    InvalidParameterValueException update =
        invalid(
            UpdateFunctionConfigurationRequest.builder()
                .functionName(arn + ":3")
                .fileSystemConfigs(List.of())
                .build());
    assertThat(update.awsErrorDetails().errorMessage()).contains("unqualified");
    InvalidParameterValueException tag =
        awsError(
            InvalidParameterValueException.class,
            "InvalidParameterValueException",
            400,
            "Lambda",
            () ->
                lambda.tagResource(
                    r -> r.resource(arn + ":prod").tags(Map.of("lambdaefs.io/owner", "ns/name"))));
    assertThat(tag.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Tags on function aliases and versions are not supported. Please specify a function"
                + " ARN.");
    awsError(
        InvalidParameterValueException.class,
        "InvalidParameterValueException",
        400,
        "Lambda",
        () ->
            lambda.untagResource(r -> r.resource(arn + ":$LATEST").tagKeys("lambdaefs.io/owner")));
    assertThat(aws.inspect().functionTags("fn")).isEmpty();
  }

  @Test
  void consoleDeleteMakesFunctionNotFound() {
    aws.console().deleteFunction("fn");
    assertThat(aws.inspect().function("fn")).isNull();
    awsError(
        ResourceNotFoundException.class,
        "ResourceNotFoundException",
        404,
        "Lambda",
        () -> lambda.getFunction(r -> r.functionName("fn")));
  }
}
