package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.observe.AccessPointView.CreationInfo;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The root directory of the access point: sure to exist, and usable by its POSIX user. */
class RootDirectoryRulesTest {
  static final String ADOPTED = "fsap-0123456789abcdef0";
  final Fixtures f = new Fixtures();

  static Optional<Problem> problem(Plan plan, String reason) {
    return plan.problems().stream().filter(p -> p.reason().equals(reason)).findFirst();
  }

  private void creates(
      long uid, long gid, List<Long> secondary, Long owner, Long group, String mode) {
    f.desired =
        Fixtures.desired(
            null, new AccessPointParams(uid, gid, secondary, "/lambda-data", owner, group, mode));
  }

  @Test
  void rootDirectoryWithoutCreationInfoIsAWarningBeforeTheAccessPointIsCreated() {
    creates(1000, 1000, List.of(), null, null, null);

    Plan plan = f.plan();

    Problem p = problem(plan, RootDirectoryRules.WITHOUT_CREATION_INFO).orElseThrow();
    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.message())
        .contains("will create", "/lambda-data", "EFSMountFailureException")
        .contains("spec.accessPoint.rootDirectory.creationInfo");
    assertThat(plan.actions()).anyMatch(a -> a instanceof Action.CreateAccessPoint);
  }

  @Test
  void rootDirectoryWithoutCreationInfoOnAnAdoptedAccessPointAdvisesWhatCanBeDone() {
    f.accessPoint(ADOPTED, 1000, 1000, List.of(), "/shared", null);
    f.desired = Fixtures.desired(ADOPTED, null);

    Problem p = problem(f.plan(), RootDirectoryRules.WITHOUT_CREATION_INFO).orElseThrow();

    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.message())
        .contains("create /shared on the file system", "1000:1000")
        .contains("replace accessPoint.existingId with posixUser")
        .doesNotContain("Set spec.accessPoint.rootDirectory.creationInfo");
  }

  @Test
  void rootDirectoryOfSlashNeedsNoCreationInfo() {
    f.desired =
        Fixtures.desired(null, new AccessPointParams(1000, 1000, List.of(), "/", null, null, null));
    assertThat(problem(f.plan(), RootDirectoryRules.WITHOUT_CREATION_INFO)).isEmpty();
  }

  @Test
  void rootDirectoryNotWritableWhenTheUserFallsInOthersWithoutWrite() {
    creates(2000, 2000, List.of(), 1000L, 1000L, "755");

    Plan plan = f.plan();

    Problem p = problem(plan, RootDirectoryRules.NOT_WRITABLE).orElseThrow();
    assertThat(p.severity()).isEqualTo(Problem.Severity.WARNING);
    assertThat(p.message())
        .contains("uid 2000 gid 2000", "owner 1000:1000", "mode 755", "others", "r-x", "EACCES")
        .contains("ownerUid: 2000");
    assertThat(plan.blocked()).isFalse();
  }

  @Test
  void rootDirectoryWritableThroughASecondaryGroup() {
    creates(2000, 2000, List.of(3000L), 1000L, 3000L, "775");
    assertThat(problem(f.plan(), RootDirectoryRules.NOT_WRITABLE)).isEmpty();
  }

  @Test
  void rootDirectoryOwnerBitsApplyToTheOwnerEvenWhenTheGroupMayWrite() {
    creates(1000, 1000, List.of(), 1000L, 1000L, "577");
    assertThat(problem(f.plan(), RootDirectoryRules.NOT_WRITABLE))
        .hasValueSatisfying(p -> assertThat(p.message()).contains("the owner", "r-x"));
  }

  @Test
  void rootDirectoryNotWritableDoesNotMatterToAReadOnlyMount() {
    creates(2000, 2000, List.of(), 1000L, 1000L, "755");
    f.withIam(IamMode.Verify, true);
    assertThat(f.plan().problems()).noneMatch(p -> p.reason().startsWith("RootDirectory"));
  }

  @Test
  void rootDirectoryNotAccessibleBlocksEvenAReadOnlyMount() {
    creates(2000, 2000, List.of(), 1000L, 1000L, "750");
    f.withIam(IamMode.Verify, true);

    Plan plan = f.plan();

    Problem p = problem(plan, RootDirectoryRules.NOT_ACCESSIBLE).orElseThrow();
    assertThat(p.severity()).isEqualTo(Problem.Severity.BLOCKING);
    assertThat(p.message()).contains("cannot enter", "mode 750", "---", "every file access");
    assertThat(plan.actions()).as("blocked: nothing is created").isEmpty();
  }

  @Test
  void rootDirectoryPermissionsDoNotHoldForRoot() {
    creates(0, 0, List.of(), 1000L, 1000L, "700");
    assertThat(f.plan().problems()).noneMatch(p -> p.reason().startsWith("RootDirectory"));
  }

  @Test
  void rootDirectoryNotWritableOnAnAdoptedAccessPointAdvisesTheDirectoryItself() {
    f.accessPoint(ADOPTED, 2000, 2000, List.of(), "/shared", new CreationInfo(1000, 1000, "0755"));
    f.desired = Fixtures.desired(ADOPTED, null);

    Problem p = problem(f.plan(), RootDirectoryRules.NOT_WRITABLE).orElseThrow();

    assertThat(p.message())
        .contains("access point " + ADOPTED, "change the directory's owner or mode")
        .doesNotContain("ownerUid: 2000");
  }
}
