package io.lambdaefs.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's allow-list of roles, as --allowed-roles, ALLOWED_ROLES and the chart give it. */
class TenancyTest {

  @Test
  void theAllowListIsNamespaceToRolesSeparatedBySemicolonsOrLines() {
    var roles =
        Tenancy.parseAllowedRoles(
            " team-a=arn:aws:iam::222222222222:role/a, arn:aws:iam::222222222222:role/b ;"
                + "\n*=arn:aws-cn:iam::333333333333:role/shared;;team-a=arn:aws:iam::4:role/c");
    assertThat(roles)
        .containsOnlyKeys("team-a", "*")
        .containsEntry(
            "team-a",
            List.of(
                "arn:aws:iam::222222222222:role/a",
                "arn:aws:iam::222222222222:role/b",
                "arn:aws:iam::4:role/c"));
    Tenancy t = Tenancy.defaults().withAllowedRoles(roles, " ");
    assertThat(t.externalId()).as("blank: none").isNull();
    assertThat(t.rolesFor("team-b")).containsExactly("arn:aws-cn:iam::333333333333:role/shared");
    assertThat(Tenancy.parseAllowedRoles("")).isEmpty();
    assertThat(Tenancy.parseAllowedRoles(null)).isEmpty();
  }

  @Test
  void aBadEntryIsNamed() {
    assertThatThrownBy(() -> Tenancy.parseAllowedRoles("team-a"))
        .hasMessage("allowed roles: 'team-a' is not NAMESPACE=ROLE_ARN[,ROLE_ARN...]");
    assertThatThrownBy(() -> Tenancy.parseAllowedRoles("=arn:aws:iam::1:role/x"))
        .hasMessageContaining("is not NAMESPACE=ROLE_ARN");
    assertThatThrownBy(
            () -> Tenancy.parseAllowedRoles("team-a=arn:aws:iam::222222222222:user/deployer"))
        .hasMessage(
            "allowed roles of namespace team-a: 'arn:aws:iam::222222222222:user/deployer' is not"
                + " an IAM role ARN");
  }

  @Test
  void theDefaultsRequireTagsAndAllowNoRole() {
    Tenancy t = Tenancy.defaults();
    assertThat(t.namespaceTagsRequired()).isTrue();
    assertThat(t.allowsRole("default", "arn:aws:iam::222222222222:role/a")).isFalse();
  }
}
