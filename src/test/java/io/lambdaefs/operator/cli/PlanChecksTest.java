package io.lambdaefs.operator.cli;

import static io.lambdaefs.operator.cli.PlanFixture.ADOPTING;
import static io.lambdaefs.operator.cli.PlanFixture.EXAMPLE;
import static io.lambdaefs.operator.cli.PlanFixture.planIn;
import static io.lambdaefs.operator.cli.PlanFixture.world;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.cli.PlanFixture.Run;
import io.lambdaefs.operator.plan.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The preflight checks for what fails after the mount is in place (cold starts, POSIX ownership,
 * throughput, connections) and for files that declare a function twice, each in {@code plan}
 * against a world where it fires.
 */
class PlanChecksTest {
  static final String BASE = world("base.yaml");

  static Optional<Problem> problem(DocumentPlan p, String reason) {
    return p.plan().problems().stream().filter(x -> x.reason().equals(reason)).findFirst();
  }

  @Test
  void timeoutTooShortForMountIsAWarningInPlan() {
    DocumentPlan p = planIn(BASE.replace("timeout: 30", "timeout: 3"), EXAMPLE).only();

    assertThat(problem(p, "TimeoutTooShortForMount"))
        .hasValueSatisfying(x -> assertThat(x.message()).contains("timeout of 3 s", "--timeout 6"));
    assertThat(p.result()).isEqualTo(DocumentPlan.Result.CHANGES);
    assertThat(problem(planIn(BASE, EXAMPLE).only(), "TimeoutTooShortForMount")).isEmpty();
  }

  @Test
  void rootDirectoryNotWritableIsAWarningInPlan() {
    String otherUser = EXAMPLE.replace("uid: 1000\n      gid: 1000", "uid: 2000\n      gid: 2000");
    DocumentPlan p = planIn(BASE, otherUser).only();

    assertThat(problem(p, "RootDirectoryNotWritable"))
        .hasValueSatisfying(
            x -> assertThat(x.message()).contains("uid 2000 gid 2000", "owner 1000:1000"));
    assertThat(p.result()).isEqualTo(DocumentPlan.Result.CHANGES);
  }

  @Test
  void rootDirectoryNotAccessibleBlocksInPlan() {
    String locked =
        EXAMPLE
            .replace("uid: 1000\n      gid: 1000", "uid: 2000\n      gid: 2000")
            .replace("permissions: \"755\"", "permissions: \"700\"");
    DocumentPlan p = planIn(BASE, locked).only();

    assertThat(problem(p, "RootDirectoryNotAccessible"))
        .hasValueSatisfying(x -> assertThat(x.severity()).isEqualTo(Problem.Severity.BLOCKING));
    assertThat(p.result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(p.plan().actions()).isEmpty();
  }

  @Test
  void rootDirectoryWithoutCreationInfoWarnsBeforeTheAccessPointIsCreated() {
    String noCreationInfo =
        EXAMPLE.replace(
            "      creationInfo:\n        ownerUid: 1000\n        ownerGid: 1000\n"
                + "        permissions: \"755\"\n",
            "");
    DocumentPlan p = planIn(BASE, noCreationInfo).only();

    assertThat(problem(p, "RootDirectoryWithoutCreationInfo"))
        .hasValueSatisfying(x -> assertThat(x.message()).contains("will create", "/lambda-data"));
    assertThat(p.plan().actions()).isNotEmpty();
  }

  @Test
  void burstingThroughputAtScaleIsAnAdvisoryInPlan() {
    DocumentPlan p =
        planIn(BASE.replace("timeout: 30", "timeout: 30\n    reservedConcurrency: 500"), EXAMPLE)
            .only();

    assertThat(problem(p, "BurstingThroughputAtScale"))
        .hasValueSatisfying(
            x -> assertThat(x.message()).contains("bursting", "reserved concurrency 500"));
    assertThat(p.result()).isEqualTo(DocumentPlan.Result.CHANGES);
  }

  @Test
  void burstingThroughputAtScaleCountsProvisionedConcurrencyReadFromLambda() {
    Run run =
        planIn(
            BASE.replace("timeout: 30", "timeout: 30\n    provisionedConcurrency: {live: 250}"),
            EXAMPLE);

    assertThat(problem(run.only(), "BurstingThroughputAtScale"))
        .hasValueSatisfying(x -> assertThat(x.message()).contains("provisioned concurrency 250"));
    assertThat(run.sim().calls().count("Lambda:ListProvisionedConcurrencyConfigs")).isPositive();
    assertThat(
            planIn(
                    BASE.replace(
                        "vpcId: vpc-0a1b2c3d\n    tags:",
                        "vpcId: vpc-0a1b2c3d\n    throughputMode: elastic\n    tags:"),
                    EXAMPLE)
                .sim()
                .calls()
                .count("Lambda:ListProvisionedConcurrencyConfigs"))
        .as("not read when the file system does not burst")
        .isZero();
  }

  @Test
  void connectionLimitApproachingAddsUpTheFunctionsOfOneRun() {
    String world =
        BASE.replace("timeout: 30", "timeout: 30\n    reservedConcurrency: 12000")
            .replace(
                "\nroles:",
                """
                  - name: thumbnailer
                    role: lambda-efs-role
                    timeout: 30
                    reservedConcurrency: 9000
                    vpcConfig: {subnetIds: [subnet-0aaa111], securityGroupIds: [sg-0lambda]}
                    tags: {lambdaefs.io/allowed-namespaces: default}
                roles:""");
    String second =
        EXAMPLE
            .replace("name: file-processor-data", "name: thumbnailer-data")
            .replace("functionName: file-processor", "functionName: thumbnailer");
    Run run = planIn(world, EXAMPLE + "---\n" + second);

    assertThat(problem(run.plans().get(0), "ConnectionLimitApproaching")).isEmpty();
    assertThat(problem(run.plans().get(1), "ConnectionLimitApproaching"))
        .hasValueSatisfying(
            x ->
                assertThat(x.message())
                    .contains("21000 concurrent executions", "file-processor, thumbnailer"));
  }

  @Test
  void aSecondDocumentForTheSameFunctionIsFunctionAlreadyMounted() {
    Run run = planIn(BASE, EXAMPLE + "---\n" + ADOPTING);

    assertThat(run.plans().get(0).result()).isEqualTo(DocumentPlan.Result.CHANGES);
    DocumentPlan second = run.plans().get(1);
    assertThat(second.result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(problem(second, "FunctionAlreadyMounted"))
        .hasValueSatisfying(
            x ->
                assertThat(x.message())
                    .contains("file-processor", "LambdaEfsMount default/file-processor-data"));
    assertThat(second.plan().actions()).isEmpty();
  }

  @Test
  void theSameResourceTwiceInOneFileIsNotTakenForTwo() {
    Run run = planIn(BASE, EXAMPLE + "---\n" + EXAMPLE);
    assertThat(run.plans())
        .allSatisfy(p -> assertThat(problem(p, "FunctionAlreadyMounted")).isEmpty());
  }

  @Test
  void duplicateKeysAreAnErrorNamingTheLine() {
    String twice =
        EXAMPLE.replace(
            "  mountPath: /mnt/data\n", "  mountPath: /mnt/data\n  mountPath: /mnt/other\n");
    DocumentPlan p = planIn(BASE, twice).only();

    assertThat(p.valid()).isFalse();
    assertThat(p.validationErrors().get(0).message())
        .startsWith("not valid YAML: line ")
        .contains("duplicate key 'mountPath'");
    assertThat(p.result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
  }

  @Test
  void yamlAliasesAreRefusedRatherThanReadAsTheirName() {
    String aliased =
        EXAMPLE
            .replace("functionName: file-processor", "functionName: &fn file-processor")
            .replace("    tags:\n      Name: lambda-data-ap", "    tags:\n      Name: *fn");
    DocumentPlan p = planIn(BASE, aliased).only();

    assertThat(p.valid()).isFalse();
    assertThat(p.validationErrors().get(0).message()).contains("YAML alias *fn is not supported");
  }
}
