package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.Tenancy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Who may use what, end to end against the enforced operator policy: namespaces, the tags that let
 * them use a function and a file system, the roles they may reach other accounts with, and the
 * execution roles iam.mode Manage may edit (worlds/tenants.yaml: team-a's and team-b's objects in
 * two Regions of one account and in a second account).
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own harness
class TenancyOperatorTest {
  static final String TENANT_ROLE = "arn:aws:iam::222222222222:role/lambda-efs-tenant";
  static final Tenancy TEAMS =
      Tenancy.defaults().withAllowedRoles(Map.of("team-a", List.of(TENANT_ROLE)), "cluster-1");

  private static LambdaEfsMount mount(String namespace, String name, String fn, String fs) {
    LambdaEfsMount m = ExampleMounts.creating(name);
    m.getMetadata().setNamespace(namespace);
    m.getSpec().setFunctionName(fn);
    m.getSpec().setFileSystemId(fs);
    return m;
  }

  /** team-a's mount in account 222222222222 (us-west-2), through the role lambda-efs-tenant. */
  private static LambdaEfsMount tenantAccountMount() {
    LambdaEfsMount m = mount("team-a", "tenant", "tenant-processor", "fs-0ccc000000000003");
    m.getSpec().setRegion("us-west-2");
    m.getSpec().setRoleArn(TENANT_ROLE);
    return m;
  }

  private static OperatorHarness tenants(Tenancy tenancy) {
    OperatorHarness h = OperatorHarness.prepareWorld("tenants.yaml").withTenancy(tenancy);
    h.sim().console().setCallerPolicy(ShippedPolicy.withAssumeRole(TENANT_ROLE));
    return h.startOperator();
  }

  private static Condition stalled(OperatorHarness h, String name) {
    LambdaEfsMount m = h.awaitCondition(name, "Stalled", "True");
    return OperatorHarness.condition(m, "Stalled").orElseThrow();
  }

  @Test
  void aNamespaceCannotUseAFunctionOrAFileSystemTaggedOnlyForAnother() {
    try (OperatorHarness h = tenants(TEAMS)) {
      // team-b's function, team-a's file system; then team-a's function, team-b's file system.
      h.create(mount("team-a", "fn-of-b", "reports-generator", "fs-0abc123def456789"));
      h.create(mount("team-a", "fs-of-b", "file-processor", "fs-0bbb000000000002"));

      Condition fn = stalled(h, "team-a/fn-of-b");
      assertThat(fn.getReason()).isEqualTo("NotAuthorized");
      assertThat(fn.getMessage())
          .startsWith("Function reports-generator may not be used from namespace team-a")
          .contains("lambdaefs.io/allowed-namespaces does not list team-a")
          .doesNotContain("team-b");
      Condition fs = stalled(h, "team-a/fs-of-b");
      assertThat(fs.getReason()).isEqualTo("NotAuthorized");
      assertThat(fs.getMessage())
          .startsWith("EFS file system fs-0bbb000000000002 may not be used from namespace team-a")
          .contains("aws efs tag-resource --resource-id fs-0bbb000000000002");

      h.assertNoAwsWrites(Duration.ofSeconds(2));
      assertThat(h.sim().calls().writes()).isZero();
    }
  }

  @Test
  void aNamespaceCannotUseARoleAllowedOnlyForAnother() {
    Tenancy onlyTeamB =
        Tenancy.defaults().withAllowedRoles(Map.of("team-b", List.of(TENANT_ROLE)), "cluster-1");
    try (OperatorHarness h = tenants(onlyTeamB)) {
      h.create(tenantAccountMount());

      Condition c = stalled(h, "team-a/tenant");
      assertThat(c.getReason()).isEqualTo("NotAuthorized");
      assertThat(c.getMessage())
          .isEqualTo(
              "spec.roleArn "
                  + TENANT_ROLE
                  + " is not allowed for namespace team-a: the operator's allowed roles give it"
                  + " none. Ask the operator's administrators to allow it (--allowed-roles, Helm"
                  + " value tenancy.allowedRoles), or remove spec.roleArn.");
      letPollsPass();
      assertThat(h.sim().calls().count("STS:AssumeRole")).as("the role is never assumed").isZero();
      assertThat(h.sim().calls().total()).as("nothing at all is asked of AWS").isZero();
    }
  }

  @Test
  void aRoleThatAsksForAnotherExternalIdIsAssumeRoleDeniedAndNothingIsWritten() {
    Tenancy wrongId =
        Tenancy.defaults().withAllowedRoles(Map.of("team-a", List.of(TENANT_ROLE)), "cluster-2");
    try (OperatorHarness h = tenants(wrongId)) {
      h.create(tenantAccountMount());

      Condition c = stalled(h, "team-a/tenant");
      assertThat(c.getReason()).isEqualTo("AssumeRoleDenied");
      assertThat(c.getMessage())
          .startsWith("The operator could not assume spec.roleArn to call GetFunction")
          .contains("is not authorized to perform: sts:AssumeRole on resource: " + TENANT_ROLE)
          .contains("--external-id");
      assertThat(h.sim().calls().writes()).isZero();
    }
  }

  @Test
  void allowedCombinationsWorkAcrossTwoRegionsAndTwoAccounts() {
    try (OperatorHarness h = tenants(TEAMS)) {
      h.create(mount("team-a", "home", "file-processor", "fs-0abc123def456789"));
      LambdaEfsMount eu = mount("team-a", "eu", "eu-processor", "fs-0eee000000000001");
      eu.getSpec().setRegion("eu-west-1");
      h.create(eu);
      h.create(tenantAccountMount());
      // team-b's own function and file system, in team-b's namespace ("team-b, team-c").
      h.create(mount("team-b", "reports", "reports-generator", "fs-0bbb000000000002"));

      for (String name : List.of("team-a/home", "team-a/eu", "team-a/tenant", "team-b/reports")) {
        h.awaitReady(name);
      }
      SimulatedAws home = h.sim();
      assertThat(home.inspect().function("file-processor").fileSystemConfigs().get(0).arn())
          .startsWith("arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/");
      assertThat(
              home.in("111111111111", "eu-west-1")
                  .inspect()
                  .function("eu-processor")
                  .fileSystemConfigs()
                  .get(0)
                  .arn())
          .startsWith("arn:aws:elasticfilesystem:eu-west-1:111111111111:access-point/");
      SimulatedAws other = home.in("222222222222", "us-west-2");
      assertThat(other.inspect().function("tenant-processor").fileSystemConfigs().get(0).arn())
          .startsWith("arn:aws:elasticfilesystem:us-west-2:222222222222:access-point/");
      // One session for the resource, named after it, with the external id its trust asks for.
      assertThat(home.inspect().roleSessions())
          .containsExactly(
              "arn:aws:sts::222222222222:assumed-role/lambda-efs-tenant/tenant@team-a");

      // Deleting cleans up in each account and Region it wrote to.
      for (String name : List.of("team-a/home", "team-a/eu", "team-a/tenant")) {
        h.delete(name);
        h.awaitGone(name);
      }
      assertThat(other.inspect().function("tenant-processor").fileSystemConfigs()).isEmpty();
      assertThat(other.inspect().accessPoints("fs-0ccc000000000003")).isEmpty();
      assertThat(home.in("111111111111", "eu-west-1").inspect().accessPoints("fs-0eee000000000001"))
          .isEmpty();
    }
  }

  @Test
  void removingATagTurnsAReadyResourceToNotAuthorizedWithZeroAwsWrites() {
    try (OperatorHarness h = tenants(TEAMS)) {
      h.create(mount("team-a", "home", "file-processor", "fs-0abc123def456789"));
      h.awaitReady("team-a/home");
      h.assertNoAwsWrites(Duration.ofSeconds(1));

      int writes = h.sim().calls().writes();
      h.sim().console().setFunctionTag("file-processor", Tenancy.ALLOWED_NAMESPACES, "team-b");
      Condition c = stalled(h, "team-a/home");
      assertThat(c.getReason()).isEqualTo("NotAuthorized");
      assertThat(h.get("team-a/home").getStatus().getConditions())
          .filteredOn(x -> x.getType().equals("Ready"))
          .singleElement()
          .satisfies(ready -> assertThat(ready.getStatus()).isEqualTo("False"));
      // The drift poller goes on reading; nothing is written any more, not even to "correct" it.
      h.sim()
          .console()
          .setFunctionFileSystemConfigs("file-processor", List.of()); // drift it cannot correct
      h.assertNoAwsWrites(Duration.ofSeconds(2));
      assertThat(h.sim().calls().writes()).isEqualTo(writes);

      // The file system's tag counts the same.
      h.sim().console().setFileSystemTag("fs-0abc123def456789", Tenancy.ALLOWED_NAMESPACES, null);
      h.sim().console().setFunctionTag("file-processor", Tenancy.ALLOWED_NAMESPACES, "team-a");
      await("the file system's refusal")
          .atMost(OperatorHarness.TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(stalled(h, "team-a/home").getMessage())
                      .startsWith(
                          "EFS file system fs-0abc123def456789 may not be used from namespace"
                              + " team-a")
                      .contains("it does not carry the tag lambdaefs.io/allowed-namespaces"));
      assertThat(h.sim().calls().writes()).isEqualTo(writes);

      // Deleting still takes back what this resource put there, and only that (README, Security).
      h.delete("team-a/home");
      h.awaitGone("team-a/home");
      assertThat(h.sim().inspect().functionTags("file-processor"))
          .containsOnlyKeys(Tenancy.ALLOWED_NAMESPACES);
      assertThat(h.sim().inspect().accessPoints("fs-0abc123def456789")).isEmpty();
    }
  }

  @Test
  void manageRefusesARoleWithoutTheOptInTagUntilItsOwnerTagsIt() {
    try (OperatorHarness h = OperatorHarness.startWithWorld("base.yaml")) {
      h.create(OperatorPolicyOperatorTest.managed("data"));

      Condition c = stalled(h, "data");
      assertThat(c.getReason()).isEqualTo("NotAuthorized");
      assertThat(c.getMessage())
          .contains(
              "execution role arn:aws:iam::123456789012:role/lambda-efs-role does not carry the"
                  + " tag lambdaefs.io/managed-policy=allowed")
          .contains(
              "aws iam tag-role --role-name lambda-efs-role --tags"
                  + " Key=lambdaefs.io/managed-policy,Value=allowed");
      letPollsPass();
      assertThat(h.sim().calls().writes()).as("no access point, no rule, no policy").isZero();

      h.sim()
          .console()
          .setRoleTag("lambda-efs-role", Tenancy.MANAGED_POLICY, Tenancy.MANAGED_POLICY_ALLOWED);
      h.awaitReady("data");
    }
  }

  @Test
  void theEnforcedPolicyDeniesPutRolePolicyOnTheOperatorsOwnRole() {
    try (OperatorHarness h =
        OperatorHarness.startWithWorld("operator-role-as-execution-role.yaml")) {
      h.create(OperatorPolicyOperatorTest.managed("data"));

      Condition c = stalled(h, "data");
      assertThat(c.getReason()).isEqualTo("AccessDenied");
      assertThat(c.getMessage())
          .contains(
              "is not authorized to perform: iam:PutRolePolicy on resource:"
                  + " arn:aws:iam::123456789012:role/lambda-efs-operator with an explicit deny");
      assertThat(h.sim().inspect().rolePolicies("lambda-efs-operator")).isEmpty();
    }
  }

  @Test
  void aSingleTenantOperatorUsesUntaggedObjectsWithTheSingleTenantPolicy() {
    OperatorHarness h =
        OperatorHarness.prepareWorld("base.yaml")
            .withTenancy(Tenancy.defaults().withNamespaceTagsRequired(false));
    try (h) {
      h.sim().console().setFunctionTag("file-processor", Tenancy.ALLOWED_NAMESPACES, null);
      h.sim().console().setFileSystemTag("fs-0abc123def456789", Tenancy.ALLOWED_NAMESPACES, null);
      h.sim().console().setCallerPolicy(ShippedPolicy.singleTenant());
      h.startOperator();
      h.create(ExampleMounts.creating("data"));
      h.awaitReady("data");
    }
  }

  /** Time for a few drift polls. */
  private static void letPollsPass() {
    OperatorHarness.letTimePass(OperatorHarness.POLL_INTERVAL.multipliedBy(5));
  }
}
