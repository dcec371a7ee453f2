package io.lambdaefs.operator.act;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.AccessPointParams;
import io.lambdaefs.operator.plan.Action;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.reconcile.ExampleMounts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/** Each action does what it says against the simulated AWS, and repeating it is harmless. */
class ExecutorTest {
  private static final String UID = "0b6e2f1c-7d0e-4a57-9d35-0c1f3e0a9b11";
  private static final Map<String, String> OURS = OwnershipTags.of("default", "data", UID);
  private static final AccessPointParams PARAMS =
      new AccessPointParams(1000, 1000, List.of(), "/lambda-data", 1000L, 1000L, "755");

  private final Executor executor = new Executor();
  private SimulatedAws sim;
  private AwsClients aws;

  @BeforeEach
  void world() {
    sim = SimulatedAws.fromWorldYaml(ExampleMounts.exampleWorld(), "examples/world.yaml");
    sim.settings()
        .lambdaUpdateDelay(Duration.ofMillis(200))
        .accessPointCreateDelay(Duration.ofMillis(100));
    // As the planner does before it configures a function: the operator's policy lets it
    // configure only functions it tagged.
    sim.console()
        .setFunctionTag(FUNCTION, OwnershipTags.MANAGED_BY, OwnershipTags.MANAGED_BY_VALUE);
    aws = new SimClientFactory(sim).forRegion(null);
  }

  private Outcome run(Action... actions) {
    return executor.execute(List.of(actions), aws, "LambdaEfsMount(default/data)");
  }

  private static Action.CreateAccessPoint createAccessPoint(String token) {
    return new Action.CreateAccessPoint(token, FILE_SYSTEM, PARAMS, OURS);
  }

  private List<AccessPointDescription> ours() {
    return sim.inspect().accessPoints(FILE_SYSTEM).stream()
        .filter(
            ap ->
                ap.tags().stream()
                    .anyMatch(
                        t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(UID)))
        .toList();
  }

  private List<SecurityGroupRule> nfs(String group, boolean egress) {
    return sim.inspect().rules(group).stream()
        .filter(
            r ->
                r.isEgress() == egress
                    && "tcp".equals(r.ipProtocol())
                    && Integer.valueOf(2049).equals(r.fromPort()))
        .toList();
  }

  private String revision() {
    return sim.inspect().function(FUNCTION).revisionId();
  }

  private String createdAccessPointArn() {
    run(createAccessPoint("lem-arn"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ours().get(0).lifeCycleStateAsString().equals("available"));
    return ours().get(0).accessPointArn();
  }

  @Test
  void createAccessPointCreatesItWithTheSettingsAndTags() {
    Outcome outcome = run(createAccessPoint("lem-token-1"));

    assertThat(outcome.failed()).isFalse();
    assertThat(outcome.done()).hasSize(1);
    assertThat(ours())
        .singleElement()
        .satisfies(
            ap -> {
              assertThat(ap.posixUser().uid()).isEqualTo(1000L);
              assertThat(ap.rootDirectory().path()).isEqualTo("/lambda-data");
              assertThat(ap.rootDirectory().creationInfo().permissions()).isEqualTo("755");
              assertThat(ap.clientToken()).isEqualTo("lem-token-1");
              assertThat(ap.tags())
                  .anyMatch(
                      t -> t.key().equals(OwnershipTags.OWNER) && t.value().equals("default/data"));
            });
  }

  @Test
  void createAccessPointTwiceWithTheSameTokenLeavesOneAccessPoint() {
    Outcome first = run(createAccessPoint("lem-token-1"));
    Outcome second = run(createAccessPoint("lem-token-1"));

    assertThat(first.failed()).isFalse();
    assertThat(second.failed()).as("AccessPointAlreadyExists counts as done").isFalse();
    assertThat(second.done()).hasSize(1);
    assertThat(sim.calls().count("EFS:CreateAccessPoint")).isEqualTo(2);
    assertThat(ours()).hasSize(1);
    assertThat(sim.inspect().accessPoints(FILE_SYSTEM)).hasSize(2);
  }

  @Test
  void anAccessPointDeletedOutOfBandIsCreatedOnceMoreWhenEfsForgetsItsToken() {
    recreatedOnceAfterAnOutOfBandDelete(false);
    // The token was free again: the replacement carries the same one.
    assertThat(ours())
        .singleElement()
        .satisfies(ap -> assertThat(ap.clientToken()).isEqualTo("lem-token-1"));
  }

  @Test
  void anAccessPointDeletedOutOfBandIsCreatedOnceMoreWhenEfsRemembersItsToken() {
    recreatedOnceAfterAnOutOfBandDelete(true);
    // The first token still names the deleted access point: the next token of the sequence made it.
    assertThat(ours())
        .singleElement()
        .satisfies(ap -> assertThat(ap.clientToken()).isEqualTo("lem-token-1-2"));
  }

  /**
   * Creates, deletes out of band, creates again, and repeats that create (a retry after a lost
   * answer): exactly one access point is made after the delete, whichever way EFS treats tokens.
   */
  private void recreatedOnceAfterAnOutOfBandDelete(boolean tokensOutliveAccessPoints) {
    sim.settings().clientTokensOutliveAccessPoints(tokensOutliveAccessPoints);
    run(createAccessPoint("lem-token-1"));
    String deleted = ours().get(0).accessPointId();
    sim.console().deleteAccessPoint(deleted);
    int accessPointsBefore = sim.inspect().accessPoints(FILE_SYSTEM).size();

    Outcome recreate = run(createAccessPoint("lem-token-1"));
    Outcome repeat = run(createAccessPoint("lem-token-1"));

    assertThat(recreate.failed()).as("%s", recreate.failure()).isFalse();
    assertThat(repeat.failed()).as("%s", repeat.failure()).isFalse();
    assertThat(sim.inspect().accessPoints(FILE_SYSTEM)).hasSize(accessPointsBefore + 1);
    assertThat(ours())
        .singleElement()
        .satisfies(ap -> assertThat(ap.accessPointId()).isNotEqualTo(deleted));
  }

  @Test
  void authorizeNfsAddsATaggedRuleAndARepeatIsDone() {
    Action.AuthorizeNfs ingress = new Action.AuthorizeNfs(MOUNT_TARGET_SG, false, LAMBDA_SG, OURS);
    Action.AuthorizeNfs egress = new Action.AuthorizeNfs(LAMBDA_SG, true, MOUNT_TARGET_SG, OURS);

    Outcome first = run(ingress, egress);
    Outcome again = run(ingress, egress);

    assertThat(first.failed()).isFalse();
    assertThat(again.failed()).as("InvalidPermission.Duplicate counts as done").isFalse();
    assertThat(again.done()).containsExactly(ingress, egress);
    assertThat(sim.calls().count("EC2:AuthorizeSecurityGroupIngress")).isEqualTo(2);
    assertThat(nfs(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG);
              assertThat(r.toPort()).isEqualTo(2049);
              assertThat(r.tags())
                  .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(UID));
            });
    assertThat(nfs(LAMBDA_SG, true))
        .singleElement()
        .satisfies(r -> assertThat(r.referencedGroupInfo().groupId()).isEqualTo(MOUNT_TARGET_SG));
  }

  @Test
  void revokeRuleRemovesItAndRevokingAGoneRuleIsDone() {
    run(new Action.AuthorizeNfs(MOUNT_TARGET_SG, false, LAMBDA_SG, OURS));
    String ruleId = nfs(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId();
    int rulesBefore = sim.inspect().rules(MOUNT_TARGET_SG).size();

    Outcome revoke = run(new Action.RevokeRule(MOUNT_TARGET_SG, ruleId, false));
    Outcome again = run(new Action.RevokeRule(MOUNT_TARGET_SG, ruleId, false));

    assertThat(revoke.failed()).isFalse();
    assertThat(again.failed()).as("a rule that is gone is revoked").isFalse();
    assertThat(again.done()).hasSize(1);
    assertThat(nfs(MOUNT_TARGET_SG, false)).isEmpty();
    assertThat(sim.inspect().rules(MOUNT_TARGET_SG)).hasSize(rulesBefore - 1);
  }

  @Test
  void deleteAccessPointRemovesItAndDeletingAGoneOneIsDone() {
    run(createAccessPoint("lem-token-1"));
    String id = ours().get(0).accessPointId();

    Outcome delete = run(new Action.DeleteAccessPoint(id));
    Outcome again = run(new Action.DeleteAccessPoint(id));

    assertThat(delete.failed()).isFalse();
    assertThat(again.failed()).as("an access point that is gone is deleted").isFalse();
    assertThat(again.done()).hasSize(1);
    assertThat(sim.inspect().accessPoints(FILE_SYSTEM))
        .extracting(AccessPointDescription::accessPointId)
        .containsExactly(HAND_MADE_ACCESS_POINT);
  }

  @Test
  void tagAndUntagFunctionChangeOnlyTheNamedTags() {
    String arn = sim.inspect().function(FUNCTION).functionArn();

    assertThat(run(new Action.TagFunction(arn, OURS)).failed()).isFalse();
    assertThat(sim.inspect().functionTags(FUNCTION)).containsAllEntriesOf(OURS);

    assertThat(
            run(new Action.UntagFunction(
                    arn, List.of(OwnershipTags.OWNER_UID, OwnershipTags.OWNER)))
                .failed())
        .isFalse();
    assertThat(sim.inspect().functionTags(FUNCTION))
        .containsOnlyKeys(OwnershipTags.MANAGED_BY, Tenancy.ALLOWED_NAMESPACES);
  }

  @Test
  void updateFunctionMountsTheAccessPointAndAnEmptyListDetaches() {
    String arn = createdAccessPointArn();
    var vpcBefore = sim.inspect().function(FUNCTION).vpcConfig();

    Outcome attach =
        run(
            new Action.UpdateFunction(
                FUNCTION, revision(), null, List.of(new MountConfig(arn, "/mnt/data"))));

    assertThat(attach.failed()).isFalse();
    var fn = sim.inspect().function(FUNCTION);
    assertThat(fn.fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(tuple(arn, "/mnt/data"));
    assertThat(fn.vpcConfig().subnetIds()).isEqualTo(vpcBefore.subnetIds());
    assertThat(fn.vpcConfig().securityGroupIds()).isEqualTo(vpcBefore.securityGroupIds());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> sim.inspect().function(FUNCTION).lastUpdateStatusAsString().equals("Successful"));

    Outcome detach = run(new Action.UpdateFunction(FUNCTION, revision(), null, List.of()));
    assertThat(detach.failed()).isFalse();
    assertThat(sim.inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
  }

  @Test
  void updateFunctionCanMoveTheFunctionIntoAVpc() {
    sim.console().setFunctionVpcConfig(FUNCTION, List.of(), List.of());

    Outcome outcome =
        run(
            new Action.UpdateFunction(
                FUNCTION,
                revision(),
                new Action.VpcChange(List.of("subnet-0aaa111"), List.of(LAMBDA_SG), false),
                null));

    assertThat(outcome.failed()).isFalse();
    var vpc = sim.inspect().function(FUNCTION).vpcConfig();
    assertThat(vpc.subnetIds()).containsExactly("subnet-0aaa111");
    assertThat(vpc.securityGroupIds()).containsExactly(LAMBDA_SG);
  }

  @Test
  void staleRevisionIdIsReportedAsStaleRevisionAndChangesNothing() {
    String arn = createdAccessPointArn();
    String stale = revision();
    sim.console()
        .setFunctionFileSystemConfigs(
            FUNCTION, List.of()); // someone else changed it: new RevisionId

    Outcome outcome =
        run(
            new Action.UpdateFunction(
                FUNCTION, stale, null, List.of(new MountConfig(arn, "/mnt/data"))));

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.failure().kind()).isEqualTo(AwsError.Kind.STALE_REVISION);
    assertThat(outcome.failure().retryable()).isTrue();
    assertThat(outcome.failedAction()).isInstanceOf(Action.UpdateFunction.class);
    assertThat(sim.inspect().function(FUNCTION).fileSystemConfigs()).isEmpty();
  }

  @Test
  void updateWhileLambdaIsStillApplyingTheLastOneIsAConflict() {
    String arn = createdAccessPointArn();
    sim.settings().lambdaUpdateDelay(Duration.ofSeconds(30));
    assertThat(
            run(new Action.UpdateFunction(
                    FUNCTION, revision(), null, List.of(new MountConfig(arn, "/mnt/data"))))
                .failed())
        .isFalse();
    assertThat(sim.inspect().function(FUNCTION).lastUpdateStatusAsString()).isEqualTo("InProgress");

    Outcome outcome =
        run(
            new Action.UpdateFunction(
                FUNCTION, revision(), null, List.of(new MountConfig(arn, "/mnt/other"))));

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.failure().kind()).isEqualTo(AwsError.Kind.CONFLICT);
    assertThat(outcome.failure().code()).isEqualTo("ResourceConflictException");
    assertThat(sim.inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.localMountPath())
        .containsExactly("/mnt/data");
  }

  @Test
  void executionStopsAtTheFirstFailure() {
    String fnArn = sim.inspect().function(FUNCTION).functionArn();
    String stale = revision();
    sim.console().setFunctionFileSystemConfigs(FUNCTION, List.of());
    Action tag = new Action.TagFunction(fnArn, OURS);
    Action update = new Action.UpdateFunction(FUNCTION, stale, null, List.of());
    Action authorize = new Action.AuthorizeNfs(MOUNT_TARGET_SG, false, LAMBDA_SG, OURS);
    Action create = createAccessPoint("lem-token-1");

    Outcome outcome = run(tag, update, authorize, create);

    assertThat(outcome.done()).containsExactly(tag);
    assertThat(outcome.failedAction()).isEqualTo(update);
    assertThat(outcome.failure().kind()).isEqualTo(AwsError.Kind.STALE_REVISION);
    assertThat(sim.calls().count("EC2:AuthorizeSecurityGroupIngress")).isZero();
    assertThat(sim.calls().count("EFS:CreateAccessPoint")).isZero();
    assertThat(nfs(MOUNT_TARGET_SG, false)).isEmpty();
    assertThat(ours()).isEmpty();
  }

  @Test
  void aLostCreateAccessPointResponseIsFollowedByNoSecondAccessPoint() {
    LambdaEfsMount resource = ExampleMounts.creating("data");
    resource.getMetadata().setUid(UID);
    resource.getMetadata().setGeneration(1L);
    DesiredMount desired = DesiredMount.of(resource);
    Observer observer = new Observer(Clock.systemUTC());
    Planner planner = new Planner();
    sim.faults().loseResponseNext("EFS:CreateAccessPoint", 1);

    Plan firstPlan =
        planner.plan(desired, observer.observe(desired.target(), aws, Observer.Purpose.POLL));
    Outcome first = executor.execute(firstPlan.actions(), aws, "LambdaEfsMount(default/data)");

    assertThat(first.failedAction()).isInstanceOf(Action.CreateAccessPoint.class);
    assertThat(first.failure().kind()).isEqualTo(AwsError.Kind.RETRYABLE);
    assertThat(ours()).as("the write took effect although the answer was lost").hasSize(1);

    // Later rounds observe again and go on from what AWS holds, until nothing is left to do.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Plan plan =
                  planner.plan(
                      desired, observer.observe(desired.target(), aws, Observer.Purpose.POLL));
              executor.execute(plan.actions(), aws, "LambdaEfsMount(default/data)");
              return plan.inSync() && plan.drift().isEmpty();
            });

    assertThat(sim.calls().count("EFS:CreateAccessPoint")).isEqualTo(1);
    assertThat(ours()).hasSize(1);
    assertThat(sim.inspect().function(FUNCTION).fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(ours().get(0).accessPointArn());
  }

  @Test
  void aTokenAlreadyUsedForAnAccessPointOnAnotherFileSystemIsAFailureNotDone() {
    sim =
        SimulatedAws.fromWorldYaml(
            ExampleMounts.classpath("worlds/two-file-systems.yaml"), "two-file-systems.yaml");
    aws = new SimClientFactory(sim).forRegion(null);
    String otherFileSystem = "fs-0fedcba987654321";
    assertThat(run(createAccessPoint("lem-token-1")).failed()).isFalse();
    int onOtherBefore = sim.inspect().accessPoints(otherFileSystem).size();

    Outcome outcome =
        run(new Action.CreateAccessPoint("lem-token-1", otherFileSystem, PARAMS, OURS));

    assertThat(outcome.failed()).as("no access point was created on " + otherFileSystem).isTrue();
    assertThat(outcome.failure().code()).isEqualTo("AccessPointAlreadyExists");
    assertThat(outcome.failure().retryable()).isFalse();
    assertThat(outcome.done()).isEmpty();
    assertThat(sim.inspect().accessPoints(otherFileSystem)).hasSize(onOtherBefore);
    assertThat(ours()).hasSize(1);
  }
}
