package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_A;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.api.v1alpha1.IamSpec;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.NetworkSpec;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.CallCounter;
import io.lambdaefs.operator.aws.sim.Faults;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * One run of a mount's life (create, change posixUser, delete) in which the operator is stopped as
 * a crash stops it right after its k-th write (AWS or the API server), optionally with AWS's
 * response to that write lost, and a fresh operator started; then what AWS holds is checked after
 * every phase. k = 0: no crash, to count the writes an undisturbed run makes.
 */
final class CrashRun {
  static final String EXTRA_SG = "sg-0extra";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
  private static final String NAME = "data";

  /** One write the operator made, in order: what, and in which phase. */
  record Write(String what, int phase, boolean aws) {}

  /**
   * A crash point: the {@code occurrence}-th write of this kind (1: the first). AWS writes come in
   * the same order every run; how many status patches a phase makes depends on what its rounds
   * happen to see (Lambda still InProgress or done), so a later status patch may not come.
   */
  record Point(String what, int occurrence) {
    static final Point NONE = new Point("", 0);
  }

  private final Point crashAt;
  private final boolean loseResponse;
  private final List<Write> writes = new ArrayList<>();
  private OperatorHarness harness;
  private int phase;
  private Thread stopping;
  private boolean crashed;

  CrashRun(Point crashAt, boolean loseResponse) {
    this.crashAt = crashAt;
    this.loseResponse = loseResponse;
  }

  /** The crash points of an undisturbed run's writes, in order. */
  static List<Point> points(List<Write> writes) {
    Map<String, Integer> seen = new HashMap<>();
    return writes.stream()
        .map(w -> new Point(w.what(), seen.merge(w.what(), 1, Integer::sum)))
        .toList();
  }

  /** Runs the whole life, asserting what AWS holds after each phase; returns the writes made. */
  List<Write> run() {
    try (OperatorHarness h = OperatorHarness.prepareWithWorld("crash-points.yaml", POLL)) {
      harness = h;
      h.sim().settings().lambdaUpdateDelay(Duration.ofMillis(50));
      h.sim().settings().accessPointCreateDelay(Duration.ofMillis(20));
      h.sim().faults().watch(new AwsWrites());
      h.kubernetes().intercept(this::kubernetesWrite);
      h.startOperator();

      phase = 1;
      String uid = h.create(mount()).getMetadata().getUid();
      awaitReady();
      assertMounted(uid, 1000L);

      phase = 2;
      h.editSpec(NAME, s -> s.getAccessPoint().getPosixUser().setUid(2000L));
      awaitReady();
      assertMounted(uid, 2000L);

      phase = 3;
      h.delete(NAME);
      awaitUntil("the resource to be gone", () -> h.get(NAME) == null);
      assertNothingLeft(uid);
      long made = writes.stream().filter(w -> w.what().equals(crashAt.what())).count();
      boolean statusPatchThatDidNotCome =
          crashAt.what().startsWith("Kubernetes:") && made < crashAt.occurrence();
      if (!crashed && statusPatchThatDidNotCome) {
        System.out.printf(
            "crash point %s not reached: this run made %d such writes%n", crashAt, made);
      }
      assertThat(crashed || crashAt.equals(Point.NONE) || statusPatchThatDidNotCome)
          .as("the crash point %s was reached (%d such writes)", crashAt, made)
          .isTrue();
      synchronized (this) {
        return List.copyOf(writes);
      }
    }
  }

  private static LambdaEfsMount mount() {
    LambdaEfsMount m = ExampleMounts.creating(NAME);
    NetworkSpec network = new NetworkSpec();
    network.setSubnetIds(List.of(SUBNET_B));
    network.setSecurityGroupIds(List.of(EXTRA_SG));
    m.getSpec().setNetwork(network);
    IamSpec iam = new IamSpec();
    iam.setMode(IamMode.Manage);
    m.getSpec().setIam(iam);
    return m;
  }

  private void awaitReady() {
    awaitUntil(
        NAME + " Ready in phase " + phase,
        () -> {
          LambdaEfsMount m = harness.get(NAME);
          return m != null
              && m.getStatus() != null
              && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
              && Conditions.isTrue(m.getStatus().getConditions(), Conditions.READY);
        });
  }

  private void awaitUntil(String what, BooleanSupplier done) {
    await(what + " (crash after " + crashAt + ", response lost: " + loseResponse + ")")
        .atMost(PHASE_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              restartIfCrashed();
              return done.getAsBoolean();
            });
  }

  /** Exactly one access point, one rule per path, the function configured once in this phase. */
  private void assertMounted(String uid, long posixUid) {
    List<AccessPointDescription> owned = harness.ownedAccessPoints(FILE_SYSTEM, uid);
    assertThat(owned).as("owned access points").singleElement();
    assertThat(owned.get(0).posixUser().uid()).isEqualTo(posixUid);
    assertThat(applied("EFS:CreateAccessPoint")).as("access points created").isEqualTo(1);
    assertThat(applied("Lambda:UpdateFunctionConfiguration")).as("function updates").isEqualTo(1);
    assertThat(nfs(MOUNT_TARGET_SG, false, EXTRA_SG)).as("ingress rules").hasSize(1);
    assertThat(nfs(EXTRA_SG, true, MOUNT_TARGET_SG)).as("egress rules").hasSize(1);
    var fn = harness.sim().inspect().function(FUNCTION);
    assertThat(fn.fileSystemConfigs())
        .extracting(c -> c.arn())
        .containsExactly(owned.get(0).accessPointArn());
    assertThat(fn.vpcConfig().subnetIds()).containsExactlyInAnyOrder(SUBNET_A, SUBNET_B);
    assertThat(fn.vpcConfig().securityGroupIds()).containsExactlyInAnyOrder(LAMBDA_SG, EXTRA_SG);
    assertThat(harness.sim().inspect().rolePolicies("lambda-efs-role").values())
        .singleElement()
        .satisfies(doc -> assertThat(doc).contains(owned.get(0).accessPointArn()));
  }

  private void assertNothingLeft(String uid) {
    assertThat(harness.ownedAccessPoints(FILE_SYSTEM, uid)).isEmpty();
    assertThat(harness.sim().inspect().accessPoints(FILE_SYSTEM))
        .extracting(AccessPointDescription::accessPointId)
        .containsExactly(HAND_MADE_ACCESS_POINT);
    for (String group : List.of(LAMBDA_SG, EXTRA_SG, MOUNT_TARGET_SG)) {
      assertThat(harness.sim().inspect().rules(group))
          .as("rules of %s", group)
          .noneMatch(r -> r.tags().stream().anyMatch(t -> t.key().startsWith("lambdaefs.io/")));
    }
    var fn = harness.sim().inspect().function(FUNCTION);
    assertThat(fn.fileSystemConfigs()).isEmpty();
    assertThat(fn.vpcConfig().subnetIds()).containsExactly(SUBNET_A);
    assertThat(fn.vpcConfig().securityGroupIds()).containsExactly(LAMBDA_SG);
    assertThat(OwnershipTags.functionKeys(harness.sim().inspect().functionTags(FUNCTION)))
        .as("the operator's tags")
        .isEmpty();
    assertThat(harness.sim().inspect().rolePolicies("lambda-efs-role")).isEmpty();
  }

  private List<SecurityGroupRule> nfs(String group, boolean egress, String peer) {
    return harness.nfsRules(group, egress).stream()
        .filter(r -> r.referencedGroupInfo() != null)
        .filter(r -> peer.equals(r.referencedGroupInfo().groupId()))
        .toList();
  }

  private synchronized long applied(String operation) {
    return writes.stream().filter(w -> w.phase() == phase && w.what().equals(operation)).count();
  }

  /** Counts a write; at the k-th, stops the operator as a crash would. Returns whether it did. */
  private synchronized boolean wrote(String what, boolean aws) {
    writes.add(new Write(what, phase, aws));
    if (crashed
        || !what.equals(crashAt.what())
        || writes.stream().filter(w -> w.what().equals(what)).count() != crashAt.occurrence()) {
      return false;
    }
    crashed = true;
    stopping = harness.operator().closeInBackground("crash after " + crashAt);
    return true;
  }

  private void restartIfCrashed() throws InterruptedException {
    Thread t;
    synchronized (this) {
      t = stopping;
      stopping = null;
    }
    if (t != null) {
      t.join();
      harness.stopOperator();
      harness.startOperator();
    }
  }

  /** The operator's writes to AWS that changed something. */
  private final class AwsWrites implements Faults.CallWatcher {
    @Override
    public boolean applied(String operation) {
      return CallCounter.isWrite(operation) && wrote(operation, true) && loseResponse;
    }
  }

  /** The operator's writes to its resource (status patches, the finalizer), once served. */
  private MockResponse kubernetesWrite(
      RecordedRequest request, Function<RecordedRequest, MockResponse> next) {
    MockResponse response = next.apply(request);
    boolean operator = OperatorHarness.OPERATOR_USER_AGENT.equals(request.getHeader("User-Agent"));
    boolean write = !"GET".equals(request.getMethod());
    if (operator
        && write
        && request.getPath().contains("/lambdaefsmounts/" + NAME)
        && response.code() / 100 == 2) {
      wrote(
          "Kubernetes:"
              + request.getMethod()
              + (request.getPath().contains("/status") ? " status" : ""),
          false);
    }
    return response;
  }

  static Map<String, Object> describe(List<Write> writes) {
    Map<String, Object> byPhase = new TreeMap<>();
    writes.forEach(w -> byPhase.merge("phase " + w.phase(), w.what(), (a, b) -> a + ", " + b));
    return byPhase;
  }
}
