package io.lambdaefs.operator.cli;

import static io.lambdaefs.operator.cli.PlanFixture.world;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.cli.PlanFixture.Cli;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.plan.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diagnose against worlds where each hidden failure the checks cover occurs: a function mounting
 * EFS by hand (worlds/mounted.yaml, healthy) with one thing broken at a time. Never writes to AWS.
 */
class DiagnoseCommandTest {
  static final String MOUNTED = world("mounted.yaml");
  static final String AP = "fsap-0d1a6000000000001";
  static final String ALLOWED = Tenancy.ALLOWED_NAMESPACES;

  @TempDir Path tmp;

  /** Diagnoses file-processor in the world; whatever the outcome, AWS was only read. */
  static Diagnosis diagnose(String worldYaml) {
    return diagnose(worldYaml, "file-processor", sim -> {});
  }

  static Diagnosis diagnose(String worldYaml, String function, Consumer<SimulatedAws> before) {
    return diagnose(worldYaml, function, before, Tenancy.defaults(), "default", null);
  }

  /** As the command does with these tenancy settings, namespace and role. */
  static Diagnosis diagnose(
      String worldYaml,
      String function,
      Consumer<SimulatedAws> before,
      Tenancy tenancy,
      String namespace,
      String roleArn) {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(worldYaml, "world.yaml");
    before.accept(sim);
    Diagnosis d =
        new DiagnoseRunner(new SimClientFactory(sim), Clock.systemUTC(), tenancy)
            .diagnose(function, null, namespace, roleArn);
    assertThat(sim.calls().writes()).as("AWS writes by diagnose: %s", sim.calls()).isZero();
    assertThat(d.findings())
        .as("advice for someone who has no LambdaEfsMount")
        .allSatisfy(p -> assertThat(p.message()).doesNotContainPattern(SPEC_AS_IF_WRITTEN));
    return d;
  }

  /** A spec field named other than as the declarative alternative. */
  static final String SPEC_AS_IF_WRITTEN = "(?<!LambdaEfsMount with )(?<!LambdaEfsMount's )spec\\.";

  static List<String> reasons(Diagnosis d) {
    return d.findings().stream().map(Problem::reason).toList();
  }

  @Test
  void aHealthyMountHasNoFinding() {
    Diagnosis d = diagnose(MOUNTED);

    assertThat(d.findings()).isEmpty();
    assertThat(d.healthy()).isTrue();
    assertThat(d.accessPointId()).isEqualTo(AP);
    assertThat(d.fileSystemId()).isEqualTo("fs-0abc123def456789");
    assertThat(d.mountPath()).isEqualTo("/mnt/data");
  }

  @Test
  void aFunctionWithoutFileSystemIsNothingToDiagnose() {
    Diagnosis d = diagnose(MOUNTED, "no-mount", sim -> {});
    assertThat(d.mountsNothing()).isTrue();
    assertThat(d.healthy()).isTrue();
  }

  @Test
  void anUnknownFunctionIsFunctionNotFound() {
    Diagnosis d = diagnose(MOUNTED, "no-such-function", sim -> {});
    assertThat(reasons(d)).containsExactly("FunctionNotFound");
    assertThat(d.healthy()).isFalse();
  }

  @Test
  void nfsClosedBetweenTheFunctionAndTheMountTargetsIsNfsIngressBlocked() {
    Diagnosis d =
        diagnose(
            MOUNTED.replace(
                "        ingress: [{protocol: tcp, fromPort: 2049, toPort: 2049, peerGroupId:"
                    + " sg-0lambda}]\n",
                ""));
    assertThat(reasons(d)).containsExactly("NfsIngressBlocked");
    assertThat(d.findings().get(0).message())
        .contains("Add an ingress rule to one of them (e.g. sg-0efs-mount-target from sg-0lambda)")
        .endsWith(
            "; or declare the mount in a LambdaEfsMount with"
                + " spec.network.manageSecurityGroupRules: true and the operator adds it.");
  }

  @Test
  void aFunctionSubnetInAnAzWithoutMountTargetIsMountTargetMissing() {
    Diagnosis d =
        diagnose(
            MOUNTED.replace(
                "subnetIds: [subnet-0aaa111, subnet-0bbb222]",
                "subnetIds: [subnet-0aaa111, subnet-0bbb222, subnet-0ccc333]"));
    assertThat(reasons(d)).containsExactly("MountTargetMissing");
  }

  @Test
  void aRoleThatMayNotWriteIsMissingPermissionsPredictingReadOnlyErrors() {
    Diagnosis d = diagnose(MOUNTED.replace("elasticfilesystem:ClientWrite, ", ""));
    assertThat(reasons(d)).containsExactly("MissingPermissions");
    assertThat(d.findings().get(0).message()).contains("elasticfilesystem:ClientWrite");
  }

  @Test
  void aDeletedAccessPointIsAccessPointNotFoundAndNothingElse() {
    Diagnosis d = diagnose(MOUNTED, "file-processor", sim -> sim.console().deleteAccessPoint(AP));
    assertThat(reasons(d)).containsExactly("AccessPointNotFound");
    assertThat(d.fileSystemId()).isNull();
  }

  @Test
  void aFunctionInAnotherVpcThanTheMountTargetsIsVpcMismatch() {
    String otherVpc =
        MOUNTED
            .replace(
                "fileSystems:",
                """
                  - id: vpc-0other
                    subnets:
                      - {id: subnet-0ddd444, availabilityZone: us-east-1a, availabilityZoneId: use1-az1}
                    securityGroups:
                      - id: sg-0other
                fileSystems:""")
            .replace(
                "vpcConfig: {subnetIds: [subnet-0aaa111, subnet-0bbb222], securityGroupIds:"
                    + " [sg-0lambda]}",
                "vpcConfig: {subnetIds: [subnet-0ddd444], securityGroupIds: [sg-0other]}");
    assertThat(reasons(diagnose(otherVpc))).contains("VpcMismatch");
  }

  @Test
  void aRootDirectoryWithoutCreationInfoIsAWarning() {
    Diagnosis d =
        diagnose(
            MOUNTED.replace(
                "rootDirectory: {path: /data, creationInfo: {ownerUid: 1000, ownerGid: 1000,"
                    + " permissions: \"755\"}}",
                "rootDirectory: {path: /data}"));
    assertThat(reasons(d)).containsExactly("RootDirectoryWithoutCreationInfo");
    assertThat(d.healthy()).isFalse();
  }

  @Test
  void aPosixUserThatCannotWriteItsRootIsRootDirectoryNotWritable() {
    Diagnosis d =
        diagnose(
            MOUNTED.replace(
                "posixUser: {uid: 1000, gid: 1000}", "posixUser: {uid: 2000, gid: 2000}"));
    assertThat(reasons(d)).containsExactly("RootDirectoryNotWritable");
  }

  @Test
  void aPosixUserThatCannotEnterItsRootIsRootDirectoryNotAccessible() {
    Diagnosis d =
        diagnose(
            MOUNTED
                .replace("posixUser: {uid: 1000, gid: 1000}", "posixUser: {uid: 2000, gid: 2000}")
                .replace("permissions: \"755\"", "permissions: \"750\""));
    assertThat(reasons(d)).containsExactly("RootDirectoryNotAccessible");
    assertThat(d.findings().get(0).severity()).isEqualTo(Problem.Severity.BLOCKING);
  }

  @Test
  void lambdasDefaultTimeoutIsTimeoutTooShortForMount() {
    Diagnosis d = diagnose(MOUNTED.replace("    timeout: 30\n", ""));
    assertThat(reasons(d)).containsExactly("TimeoutTooShortForMount");
  }

  @Test
  void burstingThroughputWithHighConcurrencyIsBurstingThroughputAtScale() {
    Diagnosis d =
        diagnose(
            MOUNTED
                .replace("throughputMode: elastic", "throughputMode: bursting")
                .replace("timeout: 30", "timeout: 30\n    reservedConcurrency: 800"));
    assertThat(reasons(d)).containsExactly("BurstingThroughputAtScale");
  }

  @Test
  void reservedConcurrencyNearEfsConnectionLimitIsConnectionLimitApproaching() {
    Diagnosis d =
        diagnose(MOUNTED.replace("timeout: 30", "timeout: 30\n    reservedConcurrency: 24000"));
    assertThat(reasons(d)).containsExactly("ConnectionLimitApproaching");
  }

  @Test
  void aFunctionManagedByALambdaEfsMountIsDiagnosedAsThatResource() {
    // Allowed for team-a only: judged as the resource in team-a, not as namespace default.
    String managed =
        MOUNTED
            .replace(ALLOWED + ": default", ALLOWED + ": team-a")
            .replace(
                "    timeout: 30\n",
                "    timeout: 30\n    tags: {"
                    + OwnershipTags.OWNER
                    + ": team-a/data, "
                    + OwnershipTags.OWNER_UID
                    + ": 6f1c2d3e-0000-4000-8000-000000000009, "
                    + ALLOWED
                    + ": team-a}\n")
            .replace(
                "localMountPath: /mnt/data}\n    tags: {" + ALLOWED + ": team-a}\n",
                "localMountPath: /mnt/data}\n");
    Diagnosis d = diagnose(managed);
    assertThat(d.managedBy()).isEqualTo("team-a/data");
    assertThat(d.findings()).isEmpty();
  }

  // Tenancy: judged as the operator judges a resource (plan's options, the same planner).

  @Test
  void aFunctionNotTaggedForTheNamespaceIsNotAuthorizedAmongTheOtherFindings() {
    String untagged =
        MOUNTED
            .replace(
                "localMountPath: /mnt/data}\n    tags: {" + ALLOWED + ": default}\n",
                "localMountPath: /mnt/data}\n")
            .replace("    timeout: 30\n", "");
    Diagnosis d = diagnose(untagged);
    assertThat(reasons(d)).containsExactlyInAnyOrder("NotAuthorized", "TimeoutTooShortForMount");
    assertThat(d.findings().get(0).message())
        .contains("Function file-processor may not be used from namespace default")
        .contains("aws lambda tag-resource");
    assertThat(d.healthy()).isFalse();

    Diagnosis singleTenant =
        diagnose(
            untagged, "file-processor", sim -> {}, new Tenancy(false, Map.of(), null), "x", null);
    assertThat(reasons(singleTenant)).containsExactly("TimeoutTooShortForMount");
  }

  @Test
  void theNamespaceIsTheOneAskedFor() {
    Diagnosis teamB =
        diagnose(MOUNTED, "file-processor", sim -> {}, Tenancy.defaults(), "team-b", null);
    assertThat(reasons(teamB))
        .containsExactly("NotAuthorized", "NotAuthorized"); // the function and the file system
    assertThat(teamB.findings()).allSatisfy(p -> assertThat(p.message()).contains("team-b"));
  }

  @Test
  void aRoleTheNamespaceMayNotUseIsNeverAssumed() {
    String role = "arn:aws:iam::123456789012:role/lambda-efs-role";
    SimulatedAws[] seen = new SimulatedAws[1];
    Diagnosis d =
        diagnose(
            MOUNTED, "file-processor", sim -> seen[0] = sim, Tenancy.defaults(), "default", role);
    assertThat(reasons(d)).containsExactly("NotAuthorized");
    assertThat(d.findings().get(0).message())
        .startsWith("Role " + role + " is not allowed for namespace default")
        .endsWith("or diagnose without --role-arn.");
    assertThat(seen[0].calls().total()).isZero();
  }

  /**
   * tenants.yaml with team-a's tenant-processor (account 222222222222) mounting its file system.
   */
  static final String TENANT_MOUNTED =
      world("tenants.yaml")
          .replace(
              "              - {subnetId: subnet-0west02, securityGroupIds: [sg-0west-mount-target]}\n",
              "              - {subnetId: subnet-0west02, securityGroupIds: [sg-0west-mount-target]}\n"
                  + "            accessPoints:\n"
                  + "              - {id: fsap-0west000000000001, posixUser: {uid: 1000, gid: 1000},"
                  + " rootDirectory: {path: /data, creationInfo: {ownerUid: 1000, ownerGid: 1000,"
                  + " permissions: \"755\"}}}\n")
          .replace(
              "            role: tenant-execution-role\n",
              "            role: tenant-execution-role\n"
                  + "            fileSystemConfigs: [{arn: \"arn:aws:elasticfilesystem:us-west-2:"
                  + "222222222222:access-point/fsap-0west000000000001\", localMountPath:"
                  + " /mnt/data}]\n");

  static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/lambda-efs-tenant";

  @Test
  void anAllowedRoleIsAssumedWithTheExternalIdToReadTheFunctionInItsAccount() {
    Tenancy allowing =
        new Tenancy(true, Tenancy.parseAllowedRoles("team-a=" + TENANT_ROLE), "cluster-1");
    SimulatedAws sim = SimulatedAws.fromWorldYaml(TENANT_MOUNTED, "tenants.yaml");
    sim.console().setCallerPolicy(ShippedPolicy.withAssumeRole(TENANT_ROLE));

    Diagnosis d =
        new DiagnoseRunner(new SimClientFactory(sim), Clock.systemUTC(), allowing)
            .diagnose("tenant-processor", "us-west-2", "team-a", TENANT_ROLE);

    assertThat(d.functionArn())
        .isEqualTo("arn:aws:lambda:us-west-2:222222222222:function:tenant-processor");
    assertThat(d.fileSystemId()).isEqualTo("fs-0ccc000000000003");
    // The tenant's NFS is not open yet: a finding of the mount, not of tenancy.
    assertThat(reasons(d)).containsExactly("NfsIngressBlocked");
    assertThat(sim.inspect().roleSessions())
        .containsExactly(
            "arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/tenant-processor@team-a");
    assertThat(sim.calls().writes()).isZero();

    Tenancy wrongId = new Tenancy(true, allowing.allowedRoles(), "cluster-2");
    Diagnosis denied =
        new DiagnoseRunner(new SimClientFactory(sim), Clock.systemUTC(), wrongId)
            .diagnose("tenant-processor", "us-west-2", "team-a", TENANT_ROLE);
    assertThat(reasons(denied)).containsExactly("AssumeRoleDenied");
  }

  // The command line: text and JSON, exit codes.

  @Test
  void theCommandPrintsEachFindingWithReasonLambdaErrorAndFixAndExits1() throws IOException {
    Path world =
        Files.writeString(
            tmp.resolve("world.yaml"), MOUNTED.replace("elasticfilesystem:ClientWrite, ", ""));

    Cli cli = run("--function", "file-processor", "--world", world.toString());

    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out())
        .contains(
            "Function file-processor (arn:aws:lambda:us-east-1:123456789012:function:"
                + "file-processor)",
            "  mounts access point " + AP + " of fs-0abc123def456789 at /mnt/data",
            "  MissingPermissions PermissionsVerified (blocking)",
            "    Lambda: EFSMountFailureException",
            "\"Read-only file system\"",
            "    Fix:    grant the listed actions to the execution role",
            "Diagnosis: 1 problem, 0 warnings: the mount fails until the problems are fixed.");
  }

  @Test
  void aHealthyFunctionExits0() throws IOException {
    Path world = Files.writeString(tmp.resolve("world.yaml"), MOUNTED);
    Cli cli = run("--function", "file-processor", "--world", world.toString());
    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).contains("Diagnosis: healthy: no problem found.");
  }

  @Test
  void jsonOutputCarriesEachFindingWithItsLambdaErrorAndFix() throws IOException {
    Path world =
        Files.writeString(tmp.resolve("world.yaml"), MOUNTED.replace("    timeout: 30\n", ""));

    Cli cli = run("--function", "file-processor", "--world", world.toString(), "-o", "json");

    assertThat(cli.exit()).isEqualTo(1);
    JsonNode root = new ObjectMapper().readTree(cli.out());
    assertThat(root.get("healthy").asBoolean()).isFalse();
    assertThat(root.get("accessPointId").asText()).isEqualTo(AP);
    JsonNode finding = root.get("findings").get(0);
    assertThat(finding.get("severity").asText()).isEqualTo("WARNING");
    assertThat(finding.get("condition").asText()).isEqualTo("FunctionConfigured");
    assertThat(finding.get("reason").asText()).isEqualTo("TimeoutTooShortForMount");
    assertThat(finding.get("lambdaError").asText()).contains("Task timed out");
    assertThat(finding.get("fix").asText()).contains("timeout");
  }

  @Test
  void anUnreadableWorldIsOneLineAndExits1() {
    Cli cli = run("--function", "file-processor", "--world", tmp.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo("diagnose: cannot read the world file " + tmp + ": is a directory, not a file");
  }

  @Test
  void aBadAllowedRolesIsOneLineAndExits1() throws IOException {
    Path world = Files.writeString(tmp.resolve("world.yaml"), MOUNTED);
    Cli cli =
        run("--function", "file-processor", "--world", world.toString(), "--allowed-roles", "x");
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err().strip())
        .startsWith("diagnose: allowed roles: 'x' is not NAMESPACE=ROLE_ARN[,ROLE_ARN...]")
        .contains("--allowed-roles")
        .doesNotContain("\n");
  }

  @Test
  void theCommandTakesTheNamespaceAndTheTenancyOptions() throws IOException {
    Path world = Files.writeString(tmp.resolve("world.yaml"), MOUNTED);
    Cli teamB =
        run("--function", "file-processor", "--world", world.toString(), "--namespace", "team-b");
    assertThat(teamB.exit()).isEqualTo(1);
    assertThat(teamB.out()).contains("NotAuthorized", "may not be used from namespace team-b");

    Cli singleTenant =
        run(
            "--function",
            "file-processor",
            "--world",
            world.toString(),
            "--namespace",
            "team-b",
            "--require-namespace-tags=false");
    assertThat(singleTenant.exit()).as(singleTenant.out()).isZero();
  }

  @Test
  void usageErrorsExit1() {
    assertThat(run().exit()).isEqualTo(1);
  }

  private static Cli run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "diagnose";
    System.arraycopy(args, 0, all, 1, args.length);
    return PlanFixture.execute(DiagnoseCommand::new, all);
  }
}
