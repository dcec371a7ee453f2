package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.plan.Facet;
import io.lambdaefs.operator.status.Conditions;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The checks for what fails after the mount, in the operator: a warning leaves the resource Ready
 * with the warning as its facet condition's reason and a Warning Event; a root directory its user
 * cannot enter stalls it and nothing is written; one it cannot write is a warning. One function per
 * check (worlds/capacity.yaml).
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class PreflightOperatorTest {
  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.startWithWorld("capacity.yaml");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static LambdaEfsMount mount(String name, String function, Consumer<LambdaEfsMount> edit) {
    LambdaEfsMount m = ExampleMounts.creating(name);
    m.getSpec().setFunctionName(function);
    edit.accept(m);
    return harness.create(m);
  }

  /** The access point's POSIX user: uid and gid {@code id}, not the directory's owner (1000). */
  private static void runAs(LambdaEfsMount m, long id) {
    m.getSpec().getAccessPoint().getPosixUser().setUid(id);
    m.getSpec().getAccessPoint().getPosixUser().setGid(id);
  }

  private static Condition condition(String name, Facet facet) {
    return Conditions.find(harness.get(name).getStatus().getConditions(), facet.conditionType())
        .orElseThrow();
  }

  @Test
  void timeoutTooShortForMountWarnsAndTheMountIsReady() {
    mount("timeout", "default-timeout", m -> {});

    harness.awaitReady("timeout");

    Condition fn = condition("timeout", Facet.FUNCTION);
    assertThat(fn.getStatus()).isEqualTo("True");
    assertThat(fn.getReason()).isEqualTo("TimeoutTooShortForMount");
    assertThat(fn.getMessage()).contains("--timeout 6");
    assertThat(
            harness
                .awaitEvent("timeout", "Warning", "TimeoutTooShortForMount", WITHIN)
                .getMessage())
        .contains("default-timeout");
  }

  @Test
  void burstingThroughputAndTheConnectionLimitAddUpAcrossResources() {
    mount("ingest", "ingest", m -> {});
    harness.awaitReady("ingest");
    assertThat(condition("ingest", Facet.NETWORK).getReason())
        .isEqualTo("BurstingThroughputAtScale");
    assertThat(condition("ingest", Facet.NETWORK).getMessage())
        .doesNotContain("ConnectionLimitApproaching");

    mount("thumbnails", "thumbnailer", m -> {});
    harness.awaitReady("thumbnails");

    Condition network = condition("thumbnails", Facet.NETWORK);
    assertThat(network.getStatus()).isEqualTo("True");
    assertThat(network.getMessage())
        .contains("reserved concurrency 9000")
        .contains(" Warning ConnectionLimitApproaching: ", "21000 concurrent executions");
    harness.awaitEvent("thumbnails", "Warning", "ConnectionLimitApproaching", WITHIN);
    assertThat(harness.events("thumbnails", "Warning", "ConnectionLimitApproaching"))
        .as("posted once, not on every reconcile")
        .hasSize(1);
  }

  @Test
  void rootDirectoryNotAccessibleStallsAndWritesNothing() {
    mount(
        "locked",
        "locked-out",
        m -> {
          runAs(m, 2000L);
          m.getSpec().getAccessPoint().getRootDirectory().getCreationInfo().setPermissions("700");
        });

    harness.awaitCondition("locked", Conditions.STALLED, "True");

    Condition ap = condition("locked", Facet.ACCESS_POINT);
    assertThat(ap.getReason()).isEqualTo("RootDirectoryNotAccessible");
    assertThat(ap.getMessage()).contains("uid 2000 gid 2000", "mode 700");
    assertThat(harness.sim().inspect().accessPoints(ExampleMounts.FILE_SYSTEM))
        .noneMatch(a -> a.posixUser() != null && a.posixUser().uid() == 2000L);
    // The tests of this class run side by side: what matters is that nothing is written for
    // this resource (no access point, no tag, no configuration on its function).
    // Only the tag its owner gave it (worlds/capacity.yaml): none of the operator's.
    assertThat(harness.sim().inspect().functionTags("locked-out"))
        .containsOnlyKeys(Tenancy.ALLOWED_NAMESPACES);
    assertThat(harness.sim().inspect().function("locked-out").fileSystemConfigs()).isEmpty();
  }

  @Test
  void rootDirectoryNotWritableWarnsAndTheMountIsReady() {
    mount("unwritable", "not-writable", m -> runAs(m, 3000L));

    assertThat(
            harness
                .awaitEvent("unwritable", "Warning", "RootDirectoryNotWritable", WITHIN)
                .getMessage())
        .contains("uid 3000 gid 3000", "mode 755", "EACCES");
    harness.awaitReady("unwritable");
    Condition ap = condition("unwritable", Facet.ACCESS_POINT);
    assertThat(ap.getStatus()).isEqualTo("True");
    assertThat(ap.getReason()).isEqualTo("RootDirectoryNotWritable");
    assertThat(harness.sim().inspect().function("not-writable").fileSystemConfigs()).hasSize(1);
  }

  @Test
  void rootDirectoryWithoutCreationInfoIsWarnedBeforeTheAccessPointIsCreated() {
    mount(
        "no-creation-info",
        "no-creation-info",
        m -> m.getSpec().getAccessPoint().getRootDirectory().setCreationInfo(null));

    assertThat(
            harness
                .awaitEvent(
                    "no-creation-info", "Warning", "RootDirectoryWithoutCreationInfo", WITHIN)
                .getMessage())
        .contains("The access point the operator will create exposes /lambda-data");
    harness.awaitReady("no-creation-info");
    assertThat(condition("no-creation-info", Facet.ACCESS_POINT).getReason())
        .isEqualTo("RootDirectoryWithoutCreationInfo");
  }
}
