package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.IamSpec;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.NetworkSpec;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.iam.model.IamException;

/**
 * deploy/iam/operator-policy.json, enforced by the simulated AWS: without any one of its statements
 * a named operator scenario stalls on AccessDenied naming an action of that statement (no statement
 * is dead), and the scenarios together use every action it grants (no action is dead). That none is
 * missing, the rest of the suite shows: every operator test runs with the policy enforced.
 */
@Execution(ExecutionMode.CONCURRENT) // each scenario has its own harness
class OperatorPolicyOperatorTest {

  /** A user's story, run with {@code restricted} as the operator's policy where it matters. */
  enum Scenario {
    /** Create a mount: every read, the access point, the NFS rule, the function. */
    CREATE(
        "base.yaml",
        "data",
        (h, restricted) -> {
          h.sim().console().setCallerPolicy(restricted);
          h.create(ExampleMounts.creating("data"));
        }),
    /** Delete a mount made with the whole policy: untag, revoke, delete the access point. */
    DELETE(
        "base.yaml",
        "data",
        (h, restricted) -> {
          h.create(ExampleMounts.creating("data"));
          h.awaitReady("data");
          h.sim().console().setCallerPolicy(restricted);
          h.delete("data");
        }),
    /** Delete one of two mounts that share the NFS rule: the rule is handed over, not revoked. */
    HAND_OVER(
        "shared-security-group.yaml",
        "files",
        (h, restricted) -> {
          h.create(ExampleMounts.creating("files"));
          h.awaitReady("files");
          LambdaEfsMount reports = ExampleMounts.creating("reports");
          reports.getSpec().setFunctionName("report-generator");
          h.create(reports);
          h.awaitReady("reports");
          h.sim().console().setCallerPolicy(restricted);
          h.delete("files");
        }),
    /** iam.mode Manage for a role that lacks ClientMount: the operator writes its policy. */
    MANAGE(
        "role-without-client-mount.yaml",
        "data",
        (h, restricted) -> {
          h.sim().console().setCallerPolicy(restricted);
          h.create(managed("data"));
        });

    final String world;
    final String resource;
    final BiConsumer<OperatorHarness, String> story;

    Scenario(String world, String resource, BiConsumer<OperatorHarness, String> story) {
      this.world = world;
      this.resource = resource;
      this.story = story;
    }
  }

  static LambdaEfsMount managed(String name) {
    LambdaEfsMount mount = ExampleMounts.creating(name);
    IamSpec iam = new IamSpec();
    iam.setMode(IamMode.Manage);
    mount.getSpec().setIam(iam);
    return mount;
  }

  /** Each statement of the shipped policy, with the scenario that needs it. */
  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("ReadFunctions", Scenario.CREATE),
        Arguments.of("ReadFileSystems", Scenario.CREATE),
        Arguments.of("ReadNetwork", Scenario.CREATE),
        Arguments.of("ReadExecutionRolePermissions", Scenario.CREATE),
        Arguments.of("CreateTaggedAccessPoints", Scenario.CREATE),
        Arguments.of("TagAccessPointsOnCreate", Scenario.CREATE),
        Arguments.of("AddNfsRulesToSecurityGroups", Scenario.CREATE),
        Arguments.of("AuthorizeTaggedNfsRules", Scenario.CREATE),
        Arguments.of("TagNfsRulesOnCreate", Scenario.CREATE),
        Arguments.of("ConfigureFunctions", Scenario.CREATE),
        Arguments.of("TagFunctionsWithOperatorKeys", Scenario.CREATE),
        Arguments.of("UntagFunctionsOperatorKeys", Scenario.DELETE),
        Arguments.of("DeleteOwnedAccessPoints", Scenario.DELETE),
        Arguments.of("RevokeNfsRules", Scenario.DELETE),
        Arguments.of("HandOverOwnedNfsRules", Scenario.HAND_OVER),
        Arguments.of("ManageExecutionRolePolicy", Scenario.MANAGE));
  }

  /** The Deny statements of the shipped policy: each is proven by its own test below. */
  static final List<String> DENIALS = List.of("NeverEditTheOperatorsOwnRole");

  @Test
  void everyStatementOfThePolicyHasAScenario() {
    List<String> proven = new ArrayList<>(statements().map(a -> (String) a.get()[0]).toList());
    proven.addAll(DENIALS);
    assertThat(proven).containsExactlyInAnyOrderElementsOf(ShippedPolicy.sids());
    assertThat(DENIALS).allSatisfy(sid -> assertThat(effectOf(sid)).isEqualTo("Deny"));
  }

  /**
   * Even if someone tags the operator's own role for iam.mode Manage, it cannot grant itself
   * anything: the Deny names the caller's own role (aws:PrincipalArn). Without it, it could.
   */
  @Test
  void theOperatorCannotEditItsOwnRoleAndWithoutTheDenyItCould() {
    String world =
        """
        account: "123456789012"
        roles:
          - name: lambda-efs-operator
            tags: {lambdaefs.io/managed-policy: allowed}
        """;
    String grant =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";
    SimulatedAws shipped = SimulatedAws.fromWorldYaml(world, "own-role.yaml");
    assertThatThrownBy(
            () ->
                shipped
                    .iam()
                    .putRolePolicy(
                        r ->
                            r.roleName("lambda-efs-operator")
                                .policyName("escalate")
                                .policyDocument(grant)))
        .isInstanceOf(IamException.class)
        .hasMessageContaining(
            "is not authorized to perform: iam:PutRolePolicy on resource:"
                + " arn:aws:iam::123456789012:role/lambda-efs-operator with an explicit deny");
    SimulatedAws withoutDeny = SimulatedAws.fromWorldYaml(world, "own-role.yaml");
    withoutDeny.console().setCallerPolicy(ShippedPolicy.without("NeverEditTheOperatorsOwnRole"));
    withoutDeny
        .iam()
        .putRolePolicy(
            r -> r.roleName("lambda-efs-operator").policyName("escalate").policyDocument(grant));
    assertThat(withoutDeny.inspect().rolePolicies("lambda-efs-operator")).containsKey("escalate");
  }

  @ParameterizedTest(name = "without {0}: {1} stalls")
  @MethodSource("statements")
  void withoutTheStatementTheScenarioStallsOnAccessDeniedNamingItsAction(
      String sid, Scenario scenario) throws IOException {
    List<String> actions = actionsOf(sid);
    try (OperatorHarness harness = OperatorHarness.startWithWorld(scenario.world)) {
      scenario.story.accept(harness, ShippedPolicy.without(sid));
      LambdaEfsMount stalled = awaitStalledOnAccessDenied(harness, scenario.resource);

      var condition = OperatorHarness.condition(stalled, "Stalled").orElseThrow();
      assertThat(condition.getMessage())
          .as("Stalled %s: %s", condition.getReason(), condition.getMessage())
          .containsAnyOf(
              actions.stream()
                  .map(a -> "is not authorized to perform: " + a)
                  .toArray(String[]::new));
      assertThat(condition.getMessage()).containsAnyOf("AccessDenied", "UnauthorizedOperation");
    }
  }

  /**
   * The file systems the operator creates access points on are tagged on the function before each
   * create (an access point left by a crash is then still found): without the statement that lets
   * it tag, no access point is created at all.
   */
  @Test
  void withoutTaggingTheFunctionNoAccessPointIsCreatedAheadOfItsFileSystemTag() throws IOException {
    try (OperatorHarness harness = OperatorHarness.startWithWorld(Scenario.CREATE.world)) {
      Scenario.CREATE.story.accept(harness, ShippedPolicy.without("TagFunctionsWithOperatorKeys"));
      LambdaEfsMount stalled = awaitStalledOnAccessDenied(harness, Scenario.CREATE.resource);
      assertThat(OperatorHarness.condition(stalled, "Stalled").orElseThrow().getMessage())
          .contains("is not authorized to perform: lambda:TagResource");
      assertThat(harness.sim().inspect().allAccessPoints())
          .as("only the one made by hand")
          .extracting(ap -> ap.accessPointId())
          .containsExactly("fsap-0123456789abcdef0");
      assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isZero();
      assertThat(harness.sim().inspect().functionTags("file-processor"))
          .doesNotContainKey(OwnershipTags.FILE_SYSTEMS);
    }
  }

  @Test
  void theScenariosTogetherUseEveryActionThePolicyGrants() throws IOException {
    Set<String> used = new TreeSet<>();
    // Creating and deleting a mount whose function's group lets nothing out: NFS both ways.
    try (OperatorHarness h = OperatorHarness.startWithWorld("function-without-egress.yaml")) {
      h.create(ExampleMounts.creating("data"));
      h.awaitReady("data");
      h.delete("data");
      h.awaitGone("data");
      used.addAll(h.sim().inspect().actionsAllowedToTheCaller());
    }
    // A function outside any VPC, whose role may do nothing yet, under Manage: Lambda looks at the
    // network with the operator's permissions; the operator writes, reads and deletes the policy.
    try (OperatorHarness h = OperatorHarness.startWithWorld("role-without-vpc-access.yaml")) {
      LambdaEfsMount mount = managed("data");
      NetworkSpec network = new NetworkSpec();
      network.setSubnetIds(List.of(ExampleMounts.SUBNET_A, ExampleMounts.SUBNET_B));
      network.setSecurityGroupIds(List.of(ExampleMounts.LAMBDA_SG));
      mount.getSpec().setNetwork(network);
      h.create(mount);
      h.awaitReady("data");
      h.delete("data");
      h.awaitGone("data");
      used.addAll(h.sim().inspect().actionsAllowedToTheCaller());
    }
    try (OperatorHarness h = OperatorHarness.startWithWorld(Scenario.HAND_OVER.world)) {
      Scenario.HAND_OVER.story.accept(h, ShippedPolicy.document());
      h.awaitGone("files");
      used.addAll(h.sim().inspect().actionsAllowedToTheCaller());
    }
    List<String> granted = new ArrayList<>();
    ShippedPolicy.sids().stream()
        .filter(sid -> !DENIALS.contains(sid))
        .forEach(sid -> granted.addAll(uncheckedActionsOf(sid)));
    assertThat(used).as("actions the operator's calls needed").containsAll(granted);
  }

  /** Stalled=True for a refused AWS call (a resource may be Stalled for other reasons first). */
  private static LambdaEfsMount awaitStalledOnAccessDenied(OperatorHarness h, String name) {
    return await(name + " Stalled on AccessDenied")
        .atMost(OperatorHarness.TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> h.get(name),
            m ->
                m != null
                    && OperatorHarness.condition(m, "Stalled")
                        .filter(c -> "True".equals(c.getStatus()))
                        .filter(c -> c.getMessage().contains("is not authorized to perform"))
                        .isPresent());
  }

  private static String effectOf(String sid) {
    try {
      for (JsonNode s : new ObjectMapper().readTree(ShippedPolicy.document()).get("Statement")) {
        if (s.get("Sid").asText().equals(sid)) {
          return s.get("Effect").asText();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalArgumentException("no statement " + sid);
  }

  private static List<String> uncheckedActionsOf(String sid) {
    try {
      return actionsOf(sid);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> actionsOf(String sid) throws IOException {
    JsonNode root = new ObjectMapper().readTree(ShippedPolicy.document());
    for (JsonNode s : root.get("Statement")) {
      if (s.get("Sid").asText().equals(sid)) {
        List<String> out = new ArrayList<>();
        JsonNode a = s.get("Action");
        if (a.isArray()) {
          a.forEach(x -> out.add(x.asText()));
        } else {
          out.add(a.asText());
        }
        return out;
      }
    }
    throw new IllegalArgumentException("no statement " + sid);
  }
}
