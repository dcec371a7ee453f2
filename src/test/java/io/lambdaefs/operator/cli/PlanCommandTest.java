package io.lambdaefs.operator.cli;

import static io.lambdaefs.operator.cli.PlanFixture.ADOPTING;
import static io.lambdaefs.operator.cli.PlanFixture.EXAMPLE;
import static io.lambdaefs.operator.cli.PlanFixture.WORLDS;
import static io.lambdaefs.operator.cli.PlanFixture.plan;
import static io.lambdaefs.operator.cli.PlanFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.cli.PlanFixture.Cli;
import io.lambdaefs.operator.cli.PlanFixture.Run;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan command against simulated worlds (src/test/resources/worlds): the operator's own
 * observer and planner decide, the command only reports, and no run ever writes to AWS.
 */
class PlanCommandTest {
  @TempDir Path tmp;

  @Test
  void aFreshMountIsChangesPendingWithTheAccessPointAndTheNfsRule() {
    DocumentPlan p = plan("base.yaml", EXAMPLE).only();

    assertThat(p.result()).isEqualTo(DocumentPlan.Result.CHANGES);
    assertThat(p.plan().actions())
        .extracting(Action::describe)
        .containsExactly(
            "tag function arn:aws:lambda:us-east-1:123456789012:function:file-processor with"
                + " [lambdaefs.io/managed-by, lambdaefs.io/owner, lambdaefs.io/owner-uid,"
                + " lambdaefs.io/file-systems]",
            "create access point on fs-0abc123def456789 for uid 1000 gid 1000 root /lambda-data",
            "allow ingress TCP 2049 to sg-0efs-mount-target from sg-0lambda");
    assertThat(p.namespace()).isEqualTo("default");
  }

  @Test
  void anUnknownFunctionIsAProblem() {
    Run run =
        plan(
            "base.yaml",
            EXAMPLE.replace("functionName: file-processor", "functionName: no-such-function"));

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(run.reasons()).containsExactly("FunctionNotFound");
    assertThat(run.only().plan().actions()).isEmpty();
  }

  @Test
  void anUnknownFileSystemIsAProblem() {
    Run run = plan("base.yaml", EXAMPLE.replace("fs-0abc123def456789", "fs-0123456789abcdef"));

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(run.reasons()).containsExactly("FileSystemNotFound");
    assertThat(run.messages()).contains("fs-0123456789abcdef");
  }

  @Test
  void aFunctionSubnetInAnAzWithoutMountTargetIsAProblemNamingSubnetAndAz() {
    Run run = plan("uncovered-az.yaml", EXAMPLE);

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(run.reasons()).containsExactly("MountTargetMissing");
    assertThat(run.messages()).contains("subnet-0ccc333", "us-east-1c");
  }

  @Test
  void aFunctionInAnAzOfNoOneZoneFileSystemIsAProblemNamingTheZone() {
    Run run = plan("one-zone.yaml", EXAMPLE);

    assertThat(run.reasons()).containsExactly("MountTargetMissing");
    assertThat(run.messages()).contains("subnet-0bbb222", "One Zone", "use1-az1");
  }

  @Test
  void aPendingFunctionIsWaitedForAndAFailedOneIsAProblem() {
    Run pending =
        plan(
            "base.yaml",
            ADOPTING,
            sim -> sim.console().setFunctionState("file-processor", "Pending"));
    assertThat(pending.only().plan().problems())
        .extracting(Problem::reason)
        .contains("FunctionPending");
    assertThat(pending.only().plan().blocked()).isFalse();

    Run failed =
        plan(
            "base.yaml",
            ADOPTING,
            sim -> sim.console().setFunctionState("file-processor", "Failed"));
    assertThat(failed.reasons()).containsExactly("FunctionFailed");
    assertThat(failed.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
  }

  @Test
  void anAdoptedRootDirectoryWithoutCreationInfoIsAWarning() {
    DocumentPlan p = plan("base.yaml", ADOPTING).only();
    assertThat(p.plan().problems())
        .anyMatch(
            x ->
                x.reason().equals("RootDirectoryWithoutCreationInfo")
                    && x.severity() == Problem.Severity.WARNING
                    && x.message().contains("/shared"));
    assertThat(p.plan().blocked()).isFalse();
  }

  @Test
  void aFunctionOutsideAnyVpcWithoutSpecSubnetsIsAProblem() {
    Run run = plan("function-without-vpc.yaml", EXAMPLE);

    assertThat(run.reasons()).containsExactly("FunctionNotInVpc");
    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
  }

  @Test
  void aFunctionInAnotherVpcThanTheMountTargetsIsAProblem() {
    Run run = plan("other-vpc.yaml", EXAMPLE);

    assertThat(run.reasons()).containsExactly("VpcMismatch");
    assertThat(run.messages()).contains("vpc-0other", "vpc-0a1b2c3d");
  }

  @Test
  void closedNfsWithUnmanagedRulesIsAProblem() {
    Run run =
        plan(
            "base.yaml",
            EXAMPLE.replace("manageSecurityGroupRules: true", "manageSecurityGroupRules: false"));

    assertThat(run.reasons()).containsExactly("NfsIngressBlocked");
    assertThat(run.messages()).contains("sg-0efs-mount-target", "sg-0lambda");
  }

  @Test
  void adoptingAnAccessPointOfAnotherFileSystemIsAProblem() {
    Run run =
        plan(
            "two-file-systems.yaml",
            ADOPTING.replace("fsap-0123456789abcdef0", "fsap-0fedcba9876543210"));

    assertThat(run.reasons()).containsExactly("AccessPointOnOtherFileSystem");
    assertThat(run.messages()).contains("fs-0fedcba987654321");
  }

  @Test
  void aRoleThatMayNotMountAFileSystemWithAPolicyIsAProblem() {
    Run run = plan("role-without-client-mount.yaml", ADOPTING);

    assertThat(run.reasons()).containsExactly("MissingPermissions");
    assertThat(run.messages()).contains("elasticfilesystem:ClientMount", "lambda-efs-role");
    // The client actions with the file system policy; the ENI actions on their EC2 resources.
    assertThat(run.sim().calls().count("IAM:SimulatePrincipalPolicy")).isEqualTo(2);
    assertThat(run.sim().calls().count("EFS:DescribeFileSystemPolicy")).isEqualTo(1);
  }

  @Test
  void aRoleThatMayNotWriteIsAProblemBeforeAnyAccessPointExists() throws IOException {
    Run run = plan("role-without-client-write.yaml", EXAMPLE);

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(run.reasons()).containsExactly("MissingPermissions");
    assertThat(run.messages()).contains("elasticfilesystem:ClientWrite", "lambda-efs-role");
    assertThat(run.only().plan().actions())
        .as("no access point for a role that cannot use it")
        .isEmpty();

    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", EXAMPLE),
            "--world",
            worldPath("role-without-client-write.yaml"));
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("MissingPermissions", "elasticfilesystem:ClientWrite");
  }

  @Test
  void withoutAFileSystemPolicyARoleWithoutClientActionsMayMount() {
    Run run =
        plan(
            "role-without-client-mount.yaml",
            EXAMPLE,
            sim -> sim.console().setFileSystemPolicy("fs-0abc123def456789", null));

    assertThat(run.reasons()).isEmpty();
    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.CHANGES);
    assertThat(run.sim().calls().count("IAM:SimulatePrincipalPolicy"))
        .as("only the ENI actions: EFS's default policy grants the client actions")
        .isEqualTo(1);
  }

  @Test
  void anAdoptedAccessPointWithARoleThatMayMountPlansTheMount() {
    DocumentPlan p = plan("base.yaml", ADOPTING).only();

    assertThat(p.result()).isEqualTo(DocumentPlan.Result.CHANGES);
    assertThat(p.plan().actions())
        .extracting(Action::describe)
        .contains("allow ingress TCP 2049 to sg-0efs-mount-target from sg-0lambda");
  }

  @Test
  void aSchemaInvalidFileIsAProblemAndMakesNoAwsCallAtAll() {
    Run run = plan("base.yaml", EXAMPLE.replace("fs-0abc123def456789", "fs-xyz"));

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(run.only().plan()).isNull();
    assertThat(run.only().validationErrors())
        .extracting(Object::toString)
        .containsExactly("spec.fileSystemId: \"fs-xyz\" does not match ^fs-[0-9a-f]{8,40}$");
    assertThat(run.sim().calls().total()).isZero();
  }

  @Test
  void aPlanFromAnIncompleteObservationIsAProblemNotChanges() {
    // Throttled past the SDK's retries: the planner waits, but a plan that could not see the rules
    // must not pass a CI gate as "changes pending".
    Run run =
        plan(
            "base.yaml",
            EXAMPLE,
            sim -> sim.faults().throttle("EC2:DescribeSecurityGroupRules", 1));

    assertThat(run.only().plan().blocked()).isFalse();
    assertThat(run.only().unreadable()).isNotEmpty();
    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
  }

  @Test
  void eachDocumentOfAFileIsPlannedAndTheWorstDecides() {
    String file =
        EXAMPLE
            + "---\n"
            + ADOPTING
            + "---\n"
            + EXAMPLE
                .replace("name: file-processor-data", "name: broken")
                .replace("functionName: file-processor", "functionName: no-such-function");
    Run run = plan("base.yaml", file);

    assertThat(run.plans())
        .extracting(DocumentPlan::name)
        .containsExactly("file-processor-data", "file-processor-shared", "broken");
    assertThat(run.plans())
        .extracting(DocumentPlan::result)
        .containsExactly(
            DocumentPlan.Result.CHANGES,
            DocumentPlan.Result.PROBLEMS, // a second document for file-processor
            DocumentPlan.Result.PROBLEMS);
    assertThat(PlanOutput.worst(run.plans())).isEqualTo(DocumentPlan.Result.PROBLEMS);
  }

  @Test
  void anAppliedResourceIsPlannedAsItselfAndIsInSync() {
    // The function carries the ownership tags of default/file-processor-shared: the file is that
    // resource.
    Run run = plan("applied.yaml", ADOPTING);

    assertThat(run.only().result()).isEqualTo(DocumentPlan.Result.IN_SYNC);
    assertThat(run.only().plan().problems())
        .extracting(Problem::severity)
        .containsOnly(Problem.Severity.WARNING);
  }

  @Test
  void anotherResourceForAnAlreadyManagedFunctionIsAProblem() {
    Run run =
        plan("applied.yaml", ADOPTING.replace("name: file-processor-shared", "name: second-mount"));

    assertThat(run.reasons()).containsExactly("FunctionAlreadyMounted");
    assertThat(run.messages()).contains("default/file-processor-shared");
  }

  @Test
  void aFileIsPlannedWithAStablePlaceholderUidSoNothingIsTakenForItsOwn() {
    assertThat(PlanRunner.placeholderUid("default", "a"))
        .isEqualTo(PlanRunner.placeholderUid("default", "a"))
        .isNotEqualTo(PlanRunner.placeholderUid("team-a", "a"));
  }

  @Test
  void brokenYamlIsAProblemWithTheLine() {
    DocumentPlan p =
        plan("base.yaml", "apiVersion: lambdaefs.io/v1alpha1\nkind: [unclosed\n").only();

    assertThat(p.result()).isEqualTo(DocumentPlan.Result.PROBLEMS);
    assertThat(p.validationErrors().get(0).message()).startsWith("not valid YAML: line ");
  }

  // The command line: exit codes and both output formats.

  @Test
  void theCommandPrintsThePlanAndExits2ForChanges() throws IOException {
    Cli cli = run("plan", "-f", file("mount.yaml", EXAMPLE), "--world", worldPath("base.yaml"));

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.out())
        .contains(
            "LambdaEfsMount default/file-processor-data",
            "+ create access point on fs-0abc123def456789 for uid 1000 gid 1000 root /lambda-data",
            "+ allow ingress TCP 2049 to sg-0efs-mount-target from sg-0lambda",
            "Plan: 1 document: 0 in sync, 1 with changes, 0 with problems.");
  }

  /** The example in namespace team-a, mounting this function and file system of tenants.yaml. */
  private static String teamA(String function, String fileSystem) {
    return EXAMPLE
        .replace("namespace: default", "namespace: team-a")
        .replace("functionName: file-processor", "functionName: " + function)
        .replace("fileSystemId: fs-0abc123def456789", "fileSystemId: " + fileSystem);
  }

  @Test
  void planJudgesTheNamespaceTagsAsTheOperatorDoes() throws IOException {
    String ofTeamB = file("b.yaml", teamA("reports-generator", "fs-0abc123def456789"));
    Cli refused = run("plan", "-f", ofTeamB, "--world", worldPath("tenants.yaml"));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out())
        .contains(
            "NotAuthorized", "Function reports-generator may not be used from namespace team-a");

    Cli singleTenant =
        run(
            "plan",
            "-f",
            ofTeamB,
            "--world",
            worldPath("tenants.yaml"),
            "--require-namespace-tags=false");
    assertThat(singleTenant.exit()).as(singleTenant.out()).isEqualTo(2);

    Cli own =
        run(
            "plan",
            "-f",
            file("a.yaml", teamA("file-processor", "fs-0abc123def456789")),
            "--world",
            worldPath("tenants.yaml"));
    assertThat(own.exit()).as(own.out()).isEqualTo(2);
  }

  @Test
  void planAssumesOnlyAnAllowedRoleAndWithTheExternalId() throws IOException {
    String tenant =
        file(
            "t.yaml",
            teamA("tenant-processor", "fs-0ccc000000000003")
                .replace(
                    "  functionName:",
                    "  region: us-west-2\n  roleArn: arn:aws:iam::222222222222:role/lambda-efs-tenant\n  functionName:"));
    Cli notAllowed = run("plan", "-f", tenant, "--world", worldPath("tenants.yaml"));
    assertThat(notAllowed.exit()).isEqualTo(1);
    assertThat(notAllowed.out()).contains("NotAuthorized", "is not allowed for namespace team-a");

    // tenants.yaml's operator role may not assume the role: its caller policy is the shipped one.
    Cli denied =
        run(
            "plan",
            "-f",
            tenant,
            "--world",
            worldPath("tenants.yaml"),
            "--allowed-roles",
            "team-a=arn:aws:iam::222222222222:role/lambda-efs-tenant",
            "--external-id",
            "cluster-1");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.out()).contains("AssumeRoleDenied", "sts:AssumeRole");

    Cli badList = run("plan", "-f", tenant, "--allowed-roles", "team-a");
    assertThat(badList.exit()).isEqualTo(1);
    assertThat(badList.err())
        .contains("allowed roles: 'team-a' is not NAMESPACE=ROLE_ARN[,ROLE_ARN...]");
  }

  @Test
  void theCommandExits1ForProblemsAndShowsTheReason() throws IOException {
    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", EXAMPLE.replace("file-processor\n", "no-such-function\n")),
            "--world",
            worldPath("base.yaml"));

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out())
        .contains(
            "  Problems (nothing is changed until fixed):\n"
                + "    FunctionConfigured FunctionNotFound: Lambda function 'no-such-function'");
  }

  @Test
  void theCommandExits1ForAnInvalidFileAndShowsTheValidationError() throws IOException {
    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", EXAMPLE.replace("/mnt/data", "/data")),
            "--world",
            worldPath("base.yaml"));

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out())
        .contains("spec.mountPath: \"/data\" does not match ^/mnt/[a-zA-Z0-9-_.]+$");
  }

  @Test
  void warningsAloneDoNotMakeProblems() throws IOException {
    // Moving a function that has no VPC into subnets without a NAT gateway only warns.
    String mount =
        EXAMPLE.replace(
            "  network:\n",
            "  network:\n    subnetIds: [subnet-0bbb222]\n"
                + "    securityGroupIds: [sg-0lambda]\n");
    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", mount),
            "--world",
            worldPath("function-without-vpc.yaml"));

    assertThat(cli.out())
        .contains("  Warnings (they do not block):\n    NetworkReady NoInternetAfterVpcMove")
        .doesNotContain("Problems");
    assertThat(cli.exit()).isEqualTo(2);
  }

  @Test
  void aSubnetWithoutARouteTableOfItsOwnUsesTheVpcsMainTableForTheNatWarning() {
    String mount =
        EXAMPLE.replace(
            "  network:\n",
            "  network:\n    subnetIds: [subnet-0aaa111, subnet-0bbb222]\n"
                + "    securityGroupIds: [sg-0lambda]\n");
    Run run = plan("main-route-table-nat.yaml", mount);

    List<Problem> warnings =
        run.only().plan().problems().stream()
            .filter(p -> p.reason().equals("NoInternetAfterVpcMove"))
            .toList();
    // subnet-0bbb222 routes through the main table's NAT gateway; subnet-0aaa111's own table has
    // none.
    assertThat(warnings)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.message())
                    .contains("subnet-0aaa111 (route table rtb-")
                    .doesNotContain("subnet-0bbb222"));
  }

  @Test
  void jsonOutputIsMachineReadable() throws IOException {
    String file =
        EXAMPLE
            + "---\n"
            + EXAMPLE
                .replace("name: file-processor-data", "name: bad")
                .replace("driftPolicy: Correct", "driftPolicy: Fix");
    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", file),
            "--world",
            worldPath("base.yaml"),
            "-o",
            "json");

    assertThat(cli.exit()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(cli.out());
    assertThat(root.get("result").asText()).isEqualTo("problems");
    JsonNode good = root.get("documents").get(0);
    assertThat(good.get("name").asText()).isEqualTo("file-processor-data");
    assertThat(good.get("namespace").asText()).isEqualTo("default");
    assertThat(good.get("valid").asBoolean()).isTrue();
    assertThat(good.get("result").asText()).isEqualTo("changes");
    assertThat(good.get("problems").isArray()).isTrue();
    assertThat(good.get("drift").isArray()).isTrue();
    assertThat(good.get("actions").get(0).get("kind").asText()).isEqualTo("TagFunction");
    assertThat(good.get("actions").get(1).get("kind").asText()).isEqualTo("CreateAccessPoint");
    assertThat(good.get("actions").get(2).get("description").asText())
        .isEqualTo("allow ingress TCP 2049 to sg-0efs-mount-target from sg-0lambda");
    JsonNode bad = root.get("documents").get(1);
    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.get("result").asText()).isEqualTo("problems");
    assertThat(bad.get("validationErrors").get(0).get("path").asText())
        .isEqualTo("spec.driftPolicy");
  }

  @Test
  void jsonListsProblemsWithSeverityFacetReasonAndMessage() throws IOException {
    Cli cli =
        run(
            "plan",
            "-f",
            file("mount.yaml", EXAMPLE),
            "--world",
            worldPath("uncovered-az.yaml"),
            "-o",
            "json");

    JsonNode problem =
        new ObjectMapper().readTree(cli.out()).get("documents").get(0).get("problems").get(0);
    assertThat(problem.get("severity").asText()).isEqualTo("BLOCKING");
    assertThat(problem.get("facet").asText()).isEqualTo("NetworkReady");
    assertThat(problem.get("reason").asText()).isEqualTo("MountTargetMissing");
    assertThat(problem.get("message").asText()).contains("subnet-0ccc333");
  }

  @Test
  void usageErrorsExit1NotPicocliDefault2WhichWouldReadAsChanges() {
    assertThat(run("plan").exit()).isEqualTo(1);
    assertThat(run("plan", "-f", "x.yaml", "-o", "xml").exit()).isEqualTo(1);
  }

  @Test
  void aMissingFileOrWorldExits1() throws IOException {
    assertThat(run("plan", "-f", tmp.resolve("none.yaml").toString()).exit()).isEqualTo(1);
    Cli cli =
        run("plan", "-f", file("mount.yaml", EXAMPLE), "--world", file("world.yaml", "bogus: 1\n"));
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).contains("cannot load the world file");
  }

  private String file(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p.toString();
  }

  private static String worldPath(String name) {
    return WORLDS.resolve(name).toString();
  }
}
