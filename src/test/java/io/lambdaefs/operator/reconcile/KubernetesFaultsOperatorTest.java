package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.MockResponse;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.Faults;
import io.lambdaefs.operator.status.Conditions;
import io.lambdaefs.operator.status.StatusEvents;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * What the API server does to an operator besides serving it: conflicts, a resource deleted while
 * its round runs, a deletion with nothing left in AWS, a watch that restarts.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class KubernetesFaultsOperatorTest {
  private static final String RESOURCE_PATH = "/lambdaefsmounts/data";
  private static final String CONFLICT =
      """
      {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,
       "message":"Operation cannot be fulfilled on lambdaefsmounts.lambdaefs.io \\"data\\": the object\
       has been modified; please apply your changes to the latest version and try again"}""";

  @RegisterExtension final OperatorHarness harness = OperatorHarness.prepare();

  @Test
  void conflictingStatusPatchesAreRetriedAndNoAwsWriteIsRepeated() {
    harness.startOperator();
    // Someone else writes the resource just before each of the operator's first three status
    // patches: the API server answers 409, the operator takes the newer version and patches again.
    AtomicInteger conflicts = new AtomicInteger();
    harness
        .kubernetes()
        .intercept(
            (request, next) -> {
              if (request.getPath().endsWith(RESOURCE_PATH + "/status")
                  && !"GET".equals(request.getMethod())
                  && conflicts.incrementAndGet() <= 3) {
                new Thread(() -> touch(conflicts.get())).start();
                return new MockResponse().setResponseCode(409).setBody(CONFLICT);
              }
              return next.apply(request);
            });
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    harness.awaitReady("data");

    assertThat(conflicts.get()).isGreaterThan(3);
    assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(1);
    assertThat(harness.sim().calls().count("EC2:AuthorizeSecurityGroupIngress")).isEqualTo(1);
    assertThat(harness.sim().calls().count("Lambda:UpdateFunctionConfiguration")).isEqualTo(1);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).hasSize(1);
    harness.assertSteady("data", OperatorHarness.POLL_INTERVAL.multipliedBy(4));
  }

  @Test
  void aResourceDeletedWhileItsRoundRunsGetsNoAwsWriteAndItsDeletionEnds() {
    // No drift poll gets in the way: every AWS read is the first round's.
    try (OperatorHarness quiet =
        OperatorHarness.prepareWithWorld("base.yaml", Duration.ofHours(1))) {
      // The round has read the function, the file system and its access points; as it reads the
      // security-group rules, its last read before it writes, the resource is deleted.
      AtomicBoolean deleted = new AtomicBoolean();
      quiet
          .sim()
          .faults()
          .watch(
              new Faults.CallWatcher() {
                @Override
                public void started(String operation) {
                  if (operation.equals("EC2:DescribeSecurityGroupRules")
                      && deleted.compareAndSet(false, true)) {
                    quiet.delete("data");
                  }
                }
              });
      quiet.startOperator();
      String uid = quiet.create(ExampleMounts.creating("data")).getMetadata().getUid();
      quiet.awaitGone("data");

      assertThat(deleted).as("the round reached its last read").isTrue();
      assertThat(quiet.sim().calls().writes()).as("AWS writes: %s", quiet.sim().calls()).isZero();
      assertThat(quiet.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
      assertThat(OwnershipTags.functionKeys(quiet.sim().inspect().functionTags(FUNCTION)))
          .as("the operator's tags")
          .isEmpty();
    }
  }

  @Test
  void theFinalizerGoesWhenEveryAwsObjectIsAlreadyGone() {
    harness.startOperator();
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    harness.awaitReady("data");
    harness.stopOperator();
    // Someone tore everything down by hand: the function, the file system with its access points,
    // the NFS rule.
    harness.sim().console().deleteFunction(FUNCTION);
    harness.sim().console().deleteFileSystem(FILE_SYSTEM);
    harness
        .nfsRules(MOUNT_TARGET_SG, false)
        .forEach(r -> harness.sim().console().revokeSecurityGroupRule(r.securityGroupRuleId()));
    int writes = harness.sim().calls().writes();

    harness.delete("data");
    harness.startOperator();
    harness.awaitGone("data");

    assertThat(harness.sim().calls().writes()).isEqualTo(writes);
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
  }

  @Test
  void aSpecChangeMadeWhileTheWatchWasDownIsReconciledOnceItRestarts() {
    ApiServerLink link = harness.linkToApiServer();
    harness.startOperator();
    String uid = harness.create(ExampleMounts.creating("data")).getMetadata().getUid();
    harness.awaitReady("data");

    link.cut();
    LambdaEfsMount changed =
        harness.editSpec("data", s -> s.getAccessPoint().getPosixUser().setUid(2000L));
    link.restore();

    // A round cut off by the outage (its requests retried by the client for up to about 20 s) is
    // retried on the operator's backoff (1 s doubling, at most a minute apart): the change is
    // reconciled within that, not within one short wait.
    LambdaEfsMount ready =
        harness.awaitCondition("data", Conditions.READY, "True", Duration.ofSeconds(90));
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(changed.getMetadata().getGeneration());
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid))
        .singleElement()
        .satisfies(ap -> assertThat(ap.posixUser().uid()).isEqualTo(2000L));
    assertThat(harness.sim().calls().count("EFS:CreateAccessPoint")).isEqualTo(2);
  }

  @Test
  void aStatusTheApiServerRefusesIsReportedOnceItCanAndItsEventsOnlyThen() {
    harness.startOperator();
    harness.create(ExampleMounts.creating("data"));
    harness.awaitReady("data");
    // The function is deleted out of band while the API server refuses every status patch of the
    // resource for 40 s (the client retries each for about 20 s before it fails). AWS then stays as
    // it is: only the operator's own retries bring the status up to date.
    AtomicBoolean refusing = new AtomicBoolean(true);
    harness
        .kubernetes()
        .intercept(
            (request, next) ->
                refusing.get()
                        && request.getPath().endsWith(RESOURCE_PATH + "/status")
                        && !"GET".equals(request.getMethod())
                    ? new MockResponse().setResponseCode(500)
                    : next.apply(request));
    harness.sim().console().deleteFunction(FUNCTION);
    OperatorHarness.letTimePass(Duration.ofSeconds(40));
    assertThat(OperatorHarness.condition(harness.get("data"), Conditions.READY).get().getStatus())
        .as("the status could not be written")
        .isEqualTo("True");
    assertThat(harness.events("data", "Warning", StatusEvents.DRIFT_DETECTED))
        .as("Events tell what the status says, not what it could not say")
        .isEmpty();
    refusing.set(false);

    LambdaEfsMount reported =
        harness.awaitCondition("data", Conditions.STALLED, "True", Duration.ofSeconds(75));
    assertThat(OperatorHarness.condition(reported, Conditions.STALLED).get().getReason())
        .isEqualTo("FunctionNotFound");
    harness.awaitEvent("data", "Warning", StatusEvents.DRIFT_DETECTED, Duration.ofSeconds(5));
  }

  /** Another writer changes the resource (an annotation), as kubectl annotate would. */
  private void touch(int n) {
    harness
        .client()
        .resources(LambdaEfsMount.class)
        .inNamespace(ExampleMounts.NAMESPACE)
        .withName("data")
        .edit(
            m -> {
              m.getMetadata().getAnnotations().put("example.com/touched", String.valueOf(n));
              return m;
            });
  }
}
