package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.AwsAssertions.awsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.InternalServerErrorException;
import software.amazon.awssdk.services.efs.model.ThrottlingException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class CallsAndFaultsTest {
  static final String FS = "fs-0abc123def456789";
  private final MutableClock clock = new MutableClock();
  private SimulatedAws aws;

  @BeforeEach
  void setUp() throws Exception {
    aws =
        TestWorlds.allowingEverything(
            SimulatedAws.fromWorldFile(Path.of("examples/world.yaml")).withClock(clock));
  }

  private CreateAccessPointRequest create(String token) {
    return CreateAccessPointRequest.builder()
        .clientToken(token)
        .fileSystemId(FS)
        .posixUser(p -> p.uid(1L).gid(1L))
        .build();
  }

  @Test
  void countsReadsAndWritesIncludingFailedOnes() {
    aws.lambda().getFunction(r -> r.functionName("file-processor"));
    aws.lambda().getFunction(r -> r.functionName("file-processor"));
    aws.efs().createAccessPoint(create("t"));
    assertThatThrownBy(() -> aws.efs().createAccessPoint(create("t")))
        .isInstanceOf(AccessPointAlreadyExistsException.class);
    aws.ec2()
        .describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values("sg-0lambda")));
    aws.iam()
        .simulatePrincipalPolicy(
            r ->
                r.policySourceArn("arn:aws:iam::123456789012:role/lambda-efs-role")
                    .actionNames("elasticfilesystem:ClientMount"));
    aws.inspect().function("file-processor");
    aws.console().setFunctionState("file-processor", "Active");

    assertThat(aws.calls().count("Lambda:GetFunction")).isEqualTo(2);
    assertThat(aws.calls().count("EFS:CreateAccessPoint")).isEqualTo(2);
    assertThat(aws.calls().count("EC2:DescribeSecurityGroupRules")).isEqualTo(1);
    assertThat(aws.calls().count("IAM:SimulatePrincipalPolicy")).isEqualTo(1);
    assertThat(aws.calls().writes()).isEqualTo(2);
    assertThat(aws.calls().reads()).isEqualTo(4);
    assertThat(aws.calls().total()).isEqualTo(6);
    assertThat(aws.calls().snapshot())
        .containsOnlyKeys(
            "EC2:DescribeSecurityGroupRules",
            "EFS:CreateAccessPoint",
            "IAM:SimulatePrincipalPolicy",
            "Lambda:GetFunction");
    aws.calls().reset();
    assertThat(aws.calls().total()).isZero();
  }

  @Test
  void lostResponseAppliesTheWriteThenFails() {
    aws.faults().loseResponseNext("EFS:CreateAccessPoint", 1);
    awsError(
        InternalServerErrorException.class,
        "InternalServerError",
        500,
        "EFS",
        () -> aws.efs().createAccessPoint(create("lost")));
    assertThat(aws.inspect().accessPoints(FS)).hasSize(2);
    // the retry with the same token finds the access point made by the lost call
    AccessPointAlreadyExistsException e =
        awsError(
            AccessPointAlreadyExistsException.class,
            "AccessPointAlreadyExists",
            409,
            "EFS",
            () -> aws.efs().createAccessPoint(create("lost")));
    assertThat(aws.inspect().accessPoints(FS))
        .anySatisfy(ap -> assertThat(ap.accessPointId()).isEqualTo(e.accessPointId()));

    aws.settings().lambdaUpdateDelay(Duration.ZERO);
    aws.faults().loseResponseNext("Lambda:UpdateFunctionConfiguration", 1);
    awsError(
        ServiceException.class,
        "ServiceException",
        500,
        "Lambda",
        () ->
            aws.lambda()
                .updateFunctionConfiguration(
                    r ->
                        r.functionName("file-processor")
                            .fileSystemConfigs(
                                c ->
                                    c.arn(
                                            "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/"
                                                + "fsap-0123456789abcdef0")
                                        .localMountPath("/mnt/shared"))));
    assertThat(aws.inspect().function("file-processor").fileSystemConfigs()).hasSize(1);
  }

  @Test
  void injectedFailuresAndThrottlingDoNotExecute() {
    aws.faults().failNext("EFS:CreateAccessPoint", 1, () -> new IllegalStateException("boom"));
    assertThatThrownBy(() -> aws.efs().createAccessPoint(create("x"))).hasMessage("boom");
    assertThat(aws.inspect().accessPoints(FS)).hasSize(1);

    aws.faults().throttle("Lambda:GetFunction", 1);
    TooManyRequestsException t =
        awsError(
            TooManyRequestsException.class,
            "TooManyRequestsException",
            429,
            "Lambda",
            () -> aws.lambda().getFunction(r -> r.functionName("file-processor")));
    assertThat(t.isThrottlingException()).isTrue();
    aws.faults().throttle("EFS:DescribeAccessPoints", 1);
    awsError(
        ThrottlingException.class,
        "ThrottlingException",
        429,
        "EFS",
        () -> aws.efs().describeAccessPoints(r -> r.fileSystemId(FS)));
    aws.faults().throttle("EC2:DescribeSubnets", 1);
    Ec2Exception ec2 =
        awsError(
            Ec2Exception.class,
            "RequestLimitExceeded",
            503,
            "EC2",
            () -> aws.ec2().describeSubnets(r -> r.subnetIds("subnet-0aaa111")));
    assertThat(ec2.isThrottlingException()).isTrue();
    aws.faults().throttle("IAM:GetRole", 1);
    IamException iam =
        awsError(
            IamException.class,
            "Throttling",
            400,
            "IAM",
            () -> aws.iam().getRole(r -> r.roleName("lambda-efs-role")));
    assertThat(iam.isThrottlingException()).isTrue();
    // each fault fires once
    aws.lambda().getFunction(r -> r.functionName("file-processor"));
    aws.efs().createAccessPoint(create("x"));
    assertThat(aws.calls().count("EFS:CreateAccessPoint")).isEqualTo(2);
  }

  @Test
  void rateLimitsFollowTheTokenBuckets() {
    aws.faults().setRateLimits(true);
    for (int i = 0; i < 15; i++) {
      aws.lambda().getFunctionConfiguration(r -> r.functionName("file-processor"));
    }
    awsError(
        TooManyRequestsException.class,
        "TooManyRequestsException",
        429,
        "Lambda",
        () -> aws.lambda().getFunctionConfiguration(r -> r.functionName("file-processor")));
    // GetFunction has its own, larger bucket
    for (int i = 0; i < 100; i++) {
      aws.lambda().getFunction(r -> r.functionName("file-processor"));
    }
    awsError(
        TooManyRequestsException.class,
        "TooManyRequestsException",
        429,
        "Lambda",
        () -> aws.lambda().getFunction(r -> r.functionName("file-processor")));
    clock.advance(Duration.ofMillis(100));
    for (int i = 0; i < 10; i++) {
      aws.lambda().getFunction(r -> r.functionName("file-processor"));
    }
    // EC2 Describe*: bucket 100, refill 20/s
    for (int i = 0; i < 100; i++) {
      aws.ec2().describeSubnets(r -> r.subnetIds("subnet-0aaa111"));
    }
    awsError(
        Ec2Exception.class,
        "RequestLimitExceeded",
        503,
        "EC2",
        () -> aws.ec2().describeSubnets(r -> r.subnetIds("subnet-0aaa111")));
    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 20; i++) {
      aws.ec2().describeSecurityGroups(r -> r.groupIds("sg-0lambda"));
    }
    awsError(
        Ec2Exception.class,
        "RequestLimitExceeded",
        503,
        "EC2",
        () -> aws.ec2().describeSecurityGroups(r -> r.groupIds("sg-0lambda")));
    // EC2 Authorize/Revoke: bucket 50 (failed calls use tokens too)
    for (int i = 0; i < 50; i++) {
      awsError(
          Ec2Exception.class,
          "InvalidSecurityGroupRuleId.NotFound",
          400,
          "EC2",
          () ->
              aws.ec2()
                  .revokeSecurityGroupIngress(
                      r -> r.groupId("sg-0lambda").securityGroupRuleIds("sgr-x")));
    }
    awsError(
        Ec2Exception.class,
        "RequestLimitExceeded",
        503,
        "EC2",
        () ->
            aws.ec2()
                .revokeSecurityGroupIngress(
                    r -> r.groupId("sg-0lambda").securityGroupRuleIds("sgr-x")));
    // EFS: 25/s
    for (int i = 0; i < 25; i++) {
      aws.efs().describeFileSystems(r -> r.fileSystemId(FS));
    }
    awsError(
        ThrottlingException.class,
        "ThrottlingException",
        429,
        "EFS",
        () -> aws.efs().describeFileSystems(r -> r.fileSystemId(FS)));
    aws.faults().setRateLimits(false);
    aws.efs().describeFileSystems(r -> r.fileSystemId(FS));
  }

  @Test
  void eachAccountAndRegionHasItsOwnRateLimits() {
    aws.faults().setRateLimits(true);
    SimulatedAws west = aws.in(aws.accountId(), "us-west-2");
    for (int i = 0; i < 15; i++) {
      aws.lambda().getFunctionConfiguration(r -> r.functionName("file-processor"));
    }
    awsError(
        TooManyRequestsException.class,
        "TooManyRequestsException",
        429,
        "Lambda",
        () -> aws.lambda().getFunctionConfiguration(r -> r.functionName("file-processor")));
    // The other Region's control plane still has its whole bucket: the function is not there.
    for (int i = 0; i < 15; i++) {
      awsError(
          ResourceNotFoundException.class,
          "ResourceNotFoundException",
          404,
          "Lambda",
          () -> west.lambda().getFunctionConfiguration(r -> r.functionName("file-processor")));
    }
    awsError(
        TooManyRequestsException.class,
        "TooManyRequestsException",
        429,
        "Lambda",
        () -> west.lambda().getFunctionConfiguration(r -> r.functionName("file-processor")));
  }

  @Test
  void latencyDelaysTheCallerOnly() {
    aws.faults().latency("EC2:DescribeSubnets", Duration.ofMillis(40));
    long start = System.nanoTime();
    aws.ec2().describeSubnets(r -> r.subnetIds("subnet-0aaa111"));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(40));
    aws.faults().clear();
    assertThat(aws.calls().count("EC2:DescribeSubnets")).isEqualTo(1);
  }

  @Test
  void concurrentCallersAreSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        futures.add(pool.submit(() -> aws.efs().createAccessPoint(create("c-" + (n % 50)))));
      }
      int already = 0;
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(AccessPointAlreadyExistsException.class);
          already++;
        }
      }
      assertThat(already).isEqualTo(150);
      assertThat(aws.inspect().accessPoints(FS)).hasSize(51);
      assertThat(aws.calls().count("EFS:CreateAccessPoint")).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void clearingOneOperationsFaultsLeavesTheOthers() {
    aws.faults().throttle("EFS:CreateAccessPoint", 5);
    aws.faults().throttle("Lambda:GetFunction", 5);
    aws.faults().clear("EFS:CreateAccessPoint");

    aws.efs().createAccessPoint(create("after-clear"));
    assertThatThrownBy(() -> aws.lambda().getFunction(r -> r.functionName("file-processor")))
        .isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void randomFaultsAreDrawnFromTheSeedAndCountedByKind() {
    aws.faults().random(new RandomFaults(42, 0.3, 0.2, 1.0, 0.0, Duration.ZERO));
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      try {
        aws.lambda().getFunction(r -> r.functionName("file-processor"));
      } catch (TooManyRequestsException | ServiceException e) {
        failed++;
      }
    }
    var injected = aws.faults().injected();
    assertThat(injected.get(RandomFaults.Kind.THROTTLED)).isBetween(35, 85);
    assertThat(injected.get(RandomFaults.Kind.SERVER_ERROR)).isBetween(20, 60);
    assertThat(failed)
        .isEqualTo(
            injected.get(RandomFaults.Kind.THROTTLED)
                + injected.get(RandomFaults.Kind.SERVER_ERROR));
    // A read has no response to lose; a write that ran does (lostResponse 1.0), and stays applied.
    assertThat(injected).doesNotContainKey(RandomFaults.Kind.LOST_RESPONSE);
    aws.faults().random(new RandomFaults(42, 0, 0, 1.0, 0, Duration.ZERO));
    assertThatThrownBy(() -> aws.efs().createAccessPoint(create("lost")))
        .isInstanceOf(InternalServerErrorException.class);
    assertThat(aws.inspect().accessPoints(FS)).hasSize(2);
    aws.faults().random(null);
    aws.lambda().getFunction(r -> r.functionName("file-processor"));
  }

  @Test
  void theInspectionListsEveryAccessPointGroupAndRuleAndRulesByTag() {
    aws.efs().createAccessPoint(create("listed"));
    assertThat(aws.inspect().allAccessPoints()).hasSize(2);
    assertThat(aws.inspect().securityGroups()).contains("sg-0lambda", "sg-0efs-mount-target");
    String tagged =
        aws.ec2()
            .authorizeSecurityGroupIngress(
                r ->
                    r.groupId("sg-0efs-mount-target")
                        .ipPermissions(
                            p ->
                                p.ipProtocol("tcp")
                                    .fromPort(2049)
                                    .toPort(2049)
                                    .userIdGroupPairs(g -> g.groupId("sg-0lambda")))
                        .tagSpecifications(
                            t ->
                                t.resourceType("security-group-rule")
                                    .tags(k -> k.key("team").value("a"))))
            .securityGroupRules()
            .get(0)
            .securityGroupRuleId();
    assertThat(aws.inspect().allRules()).extracting(r -> r.securityGroupRuleId()).contains(tagged);
    assertThat(aws.inspect().rulesTagged("team", "a"))
        .singleElement()
        .satisfies(r -> assertThat(r.securityGroupRuleId()).isEqualTo(tagged));
    assertThat(aws.inspect().functions()).containsExactly("file-processor");
  }
}
