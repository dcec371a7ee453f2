package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.SubnetView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may use what: the rules of TenancyRules, as the planner applies them. */
class TenancyRulesTest {
  static final String ROLE = "arn:aws:iam::222222222222:role/lambda-efs-team-a";
  private final Fixtures f = new Fixtures();

  private static List<String> blocking(Plan plan) {
    return plan.problems().stream()
        .filter(p -> p.severity() == Problem.Severity.BLOCKING)
        .map(p -> p.facet() + " " + p.reason())
        .toList();
  }

  private DesiredMount inNamespace(String namespace) {
    return f.namespace(namespace);
  }

  private DesiredMount managed() {
    return f.iamMode(IamMode.Manage);
  }

  @Test
  void aFunctionWithoutTheNamespaceTagIsNotAuthorized() {
    f.functionNamespaces = null;
    Plan plan = f.plan();
    assertThat(blocking(plan)).containsExactly("FUNCTION NotAuthorized");
    assertThat(plan.problems().get(0).message())
        .isEqualTo(
            "Function file-processor may not be used from namespace default: it does not carry"
                + " the tag lambdaefs.io/allowed-namespaces. Its owner allows the namespace by"
                + " listing it there (comma-separated; * for every namespace), e.g.: aws lambda"
                + " tag-resource --resource "
                + Fixtures.FN_ARN
                + " --tags lambdaefs.io/allowed-namespaces=default. Nothing is changed in AWS for"
                + " this resource until then.");
    assertThat(plan.actions()).isEmpty();
  }

  @Test
  void aFileSystemWhoseTagListsOtherNamespacesIsNotAuthorizedAndTheMessageKeepsThemSecret() {
    f.fileSystemNamespaces = "team-b,team-c";
    Plan plan = f.plan();
    assertThat(blocking(plan)).containsExactly("ACCESS_POINT NotAuthorized");
    assertThat(plan.problems().get(0).message())
        .startsWith(
            "EFS file system fs-0abc123def456789 may not be used from namespace default: its tag"
                + " lambdaefs.io/allowed-namespaces does not list default.")
        .contains(
            "aws efs tag-resource --resource-id fs-0abc123def456789 --tags"
                + " Key=lambdaefs.io/allowed-namespaces,Value=default")
        .doesNotContain("team-b", "team-c");
  }

  @Test
  void bothRefusalsAreReportedAndNothingElseIsSaidAboutTheObjects() {
    f.functionNamespaces = "team-b";
    f.fileSystemNamespaces = "";
    // Would otherwise be a topology problem naming subnets and mount targets.
    f.subnets.replaceAll(
        (id, s) -> new SubnetView(s.id(), "vpc-0other", s.azId(), s.azName(), s.cidr()));
    Plan plan = f.plan();
    assertThat(plan.problems())
        .extracting(p -> p.facet() + " " + p.reason())
        .containsExactly("FUNCTION NotAuthorized", "ACCESS_POINT NotAuthorized");
    assertThat(plan.report().function()).as("not even the function's ARN in the status").isNull();
    assertThat(plan.drift()).isEmpty();
  }

  /**
   * diagnose only reads, with its user's credentials: the missing tag is one finding, and every
   * other check still runs, reads included.
   */
  @Test
  void forDiagnosisTheNamespaceTagsAreOneFindingAmongTheOtherChecks() {
    f.functionNamespaces = null;
    f.subnets.replaceAll(
        (id, s) -> new SubnetView(s.id(), "vpc-0other", s.azId(), s.azName(), s.cidr()));
    Planner planner = Planner.forDiagnosis(Tenancy.defaults());
    Plan plan = planner.plan(f.desired, f.observation());
    assertThat(plan.problems())
        .extracting(p -> p.facet() + " " + p.reason())
        .contains("FUNCTION NotAuthorized")
        .hasSizeGreaterThan(1);
    assertThat(plan.actions()).isEmpty();
    assertThat(planner.permissionQuery(f.desired, f.observation())).isNotNull();
    assertThat(new Planner().permissionQuery(f.desired, f.observation())).isNull();
  }

  @Test
  void aListedNamespaceOrAStarIsAuthorizedWhateverTheSpacing() {
    f.functionNamespaces = "team-b, default ,team-c";
    f.fileSystemNamespaces = "*";
    assertThat(blocking(f.plan())).isEmpty();
    assertThat(f.plan().actions()).isNotEmpty();
    assertThat(Tenancy.listsNamespace("team-a,team-b", "team")).isFalse();
    assertThat(Tenancy.listsNamespace("", "default")).isFalse();
  }

  @Test
  void aSingleTenantOperatorDoesNotAskForNamespaceTags() {
    f.functionNamespaces = null;
    f.fileSystemNamespaces = null;
    Plan plan =
        new Planner(Tenancy.defaults().withNamespaceTagsRequired(false))
            .plan(f.desired, f.observation());
    assertThat(blocking(plan)).isEmpty();
    assertThat(plan.actions()).isNotEmpty();
  }

  @Test
  void aRoleNotAllowedForTheNamespaceIsRefusedBeforeAnythingIsRead() {
    Planner planner =
        new Planner(
            Tenancy.defaults().withAllowedRoles(Map.of("team-b", List.of(ROLE)), "cluster-1"));
    DesiredMount d = f.desired.withRoleArn(ROLE);
    Plan refused = planner.refusal(d);
    assertThat(blocking(refused)).containsExactly("PERMISSIONS NotAuthorized");
    assertThat(refused.problems().get(0).message())
        .startsWith(
            "spec.roleArn "
                + ROLE
                + " is not allowed for namespace default: the operator's allowed roles give it"
                + " none.");
    assertThat(planner.plan(d, f.observation()).problems()).isEqualTo(refused.problems());
    assertThat(planner.refusal(f.desired)).as("no role named: nothing to refuse").isNull();
  }

  @Test
  void aRoleIsAllowedByItsArnByAPatternOrForEveryNamespace() {
    Tenancy t =
        Tenancy.defaults()
            .withAllowedRoles(
                Map.of(
                    "default", List.of("arn:aws:iam::333333333333:role/efs-*"), "*", List.of(ROLE)),
                null);
    Planner planner = new Planner(t);
    assertThat(planner.refusal(f.desired.withRoleArn(ROLE))).isNull();
    assertThat(planner.refusal(f.desired.withRoleArn("arn:aws:iam::333333333333:role/efs-a")))
        .isNull();
    Plan other = planner.refusal(f.desired.withRoleArn("arn:aws:iam::333333333333:role/admin"));
    assertThat(other.problems().get(0).message())
        .contains("give it only [arn:aws:iam::333333333333:role/efs-*, " + ROLE + "]");
    assertThat(
            planner.refusal(
                f.desired.withRoleArn("arn:aws:iam::333333333333:role/efs-a/../../admin")))
        .as("* matches across / as in IAM: a pattern allows what the same IAM statement would")
        .isNull();
  }

  @Test
  void manageOnARoleWithoutTheOptInTagIsNotAuthorizedAndSaysHowToOptIn() {
    managed();
    f.roleTags = Fetched.found(Map.of("team", "a"));
    Plan plan = f.plan();
    assertThat(blocking(plan)).containsExactly("PERMISSIONS NotAuthorized");
    assertThat(plan.problems().get(0).message())
        .isEqualTo(
            "spec.iam.mode is Manage, but execution role"
                + " arn:aws:iam::123456789012:role/lambda-efs-role does not carry the tag"
                + " lambdaefs.io/managed-policy=allowed, so the operator may not write its inline"
                + " policy there. The role's owner opts in with: aws iam tag-role --role-name"
                + " lambda-efs-role --tags Key=lambdaefs.io/managed-policy,Value=allowed; or set"
                + " spec.iam.mode: Verify and grant the role's permissions yourself.");
    assertThat(plan.actions()).as("no access point is created first").isEmpty();
  }

  @Test
  void manageAsksIamNothingMoreUntilTheRoleOptedIn() {
    DesiredMount d = managed();
    Planner planner = new Planner();
    f.roleTags = null;
    assertThat(planner.needsRoleTags(d, f.observation())).isTrue();
    assertThat(planner.permissionQuery(d, f.observation())).isNull();
    f.roleTags = Fetched.found(Map.of());
    assertThat(planner.needsRoleTags(d, f.observation())).isFalse();
    assertThat(planner.permissionQuery(d, f.observation())).isNull();
    f.roleTags = Fetched.found(Map.of(Tenancy.MANAGED_POLICY, Tenancy.MANAGED_POLICY_ALLOWED));
    assertThat(planner.permissionQuery(d, f.observation())).isNotNull();
  }

  @Test
  void aNamespaceThatMayNotUseTheObjectsMakesTheOperatorReadNothingMore() {
    f.functionNamespaces = "team-b";
    Planner planner = new Planner();
    assertThat(planner.permissionQuery(f.desired, f.observation())).isNull();
    assertThat(planner.needsRoleTags(managed(), f.observation())).isFalse();
  }

  @Test
  void theSessionNameNamesTheResourceWithinStsLimits() {
    DesiredMount d = f.desired;
    assertThat(d.sessionName()).isEqualTo("file-processor-data@default");
    DesiredMount long1 = inNamespace("n".repeat(63));
    assertThat(long1.sessionName())
        .hasSize(64)
        .startsWith("file-processor-data@nnnn")
        .matches("[\\w+=,.@-]{2,64}");
    assertThat(inNamespace("m".repeat(63)).sessionName())
        .as("another resource, another session")
        .isNotEqualTo(long1.sessionName());
    assertThat(d.withRoleArn(ROLE).awsTarget("cluster-1"))
        .satisfies(
            t -> {
              assertThat(t.roleArn()).isEqualTo(ROLE);
              assertThat(t.externalId()).isEqualTo("cluster-1");
              assertThat(t.sessionName()).isEqualTo("file-processor-data@default");
            });
    assertThat(d.awsTarget("cluster-1").assumesRole()).isFalse();
  }
}
