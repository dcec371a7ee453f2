package io.lambdaefs.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.ShippedPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/iam/operator-policy.json: exactly the operator's actions, writes scoped by its tags, each
 * Sid documented.
 */
class IamPolicyTest {

  static final String MANAGED_BY = "aws:RequestTag/lambdaefs.io/managed-by";
  static final String ALLOWED_NAMESPACES = "aws:ResourceTag/lambdaefs.io/allowed-namespaces";
  static final String OWN_ROLE = "NeverEditTheOperatorsOwnRole";

  /** The keys the operator writes on a function; a list continues under "key-2"...: "key-*". */
  static final String WRITTEN_KEYS =
      keyPatterns(
          OwnershipTags.FUNCTION_KEYS.stream()
              .filter(k -> !k.equals(OwnershipTags.ACCESS_POINTS))
              .toList());

  /** The keys it removes: those, and the access-points key earlier versions wrote. */
  static final String REMOVED_KEYS = keyPatterns(OwnershipTags.FUNCTION_KEYS);

  static JsonNode policy;
  static Map<String, JsonNode> bySid;

  @BeforeAll
  static void load() throws IOException {
    policy = new ObjectMapper().readTree(Chart.DEPLOY.resolve("iam/operator-policy.json").toFile());
    bySid = new LinkedHashMap<>();
    for (JsonNode s : policy.get("Statement")) {
      assertThat(bySid.put(s.get("Sid").asText(), s)).as("duplicate Sid %s", s.get("Sid")).isNull();
    }
  }

  static String keyPatterns(List<String> keys) {
    List<String> patterns = new ArrayList<>();
    for (String key : keys) {
      patterns.add(key);
      if (OwnershipTags.LIST_KEYS.contains(key)) {
        patterns.add(key + "-*");
      }
    }
    return String.join(",", patterns);
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else {
      out.add(node.asText());
    }
    return out;
  }

  static List<String> actions(String sid) {
    return strings(bySid.get(sid).get("Action"));
  }

  static String condition(String sid, String operator, String key) {
    JsonNode value = bySid.get(sid).path("Condition").path(operator).path(key);
    return value.isMissingNode() ? null : String.join(",", strings(value));
  }

  @Test
  void grantsExactlyTheOperatorsActions() {
    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    Set<String> all = new TreeSet<>();
    for (JsonNode s : policy.get("Statement")) {
      assertThat(s.has("NotAction")).isFalse();
      assertThat(s.has("NotResource")).isFalse();
      if (s.get("Effect").asText().equals("Allow")) {
        all.addAll(strings(s.get("Action")));
      } else {
        assertThat(s.get("Sid").asText()).isEqualTo(OWN_ROLE);
      }
    }
    assertThat(all)
        .containsExactlyInAnyOrder(
            "lambda:GetFunction",
            "lambda:ListTags",
            "lambda:ListProvisionedConcurrencyConfigs",
            "elasticfilesystem:DescribeFileSystems",
            "elasticfilesystem:DescribeMountTargets",
            "elasticfilesystem:DescribeMountTargetSecurityGroups",
            "elasticfilesystem:DescribeAccessPoints",
            "elasticfilesystem:DescribeFileSystemPolicy",
            "ec2:DescribeNetworkInterfaceAttribute",
            "ec2:DescribeVpcs",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSecurityGroupRules",
            "ec2:DescribeRouteTables",
            "iam:SimulatePrincipalPolicy",
            "iam:GetRolePolicy",
            "iam:ListRoleTags",
            "elasticfilesystem:CreateAccessPoint",
            "elasticfilesystem:TagResource",
            "elasticfilesystem:DeleteAccessPoint",
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:AuthorizeSecurityGroupEgress",
            "ec2:CreateTags",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupEgress",
            "lambda:UpdateFunctionConfiguration",
            "lambda:TagResource",
            "lambda:UntagResource",
            "iam:PutRolePolicy",
            "iam:DeleteRolePolicy");
    assertThat(all).noneMatch(a -> a.contains("*")).doesNotContain("iam:PassRole");
  }

  @Test
  void writesThatAwsCanScopeByTagAreScoped() {
    assertThat(actions("CreateTaggedAccessPoints"))
        .containsExactly("elasticfilesystem:CreateAccessPoint");
    assertThat(condition("CreateTaggedAccessPoints", "StringEquals", MANAGED_BY))
        .isEqualTo("lambda-efs-operator");
    assertThat(condition("CreateTaggedAccessPoints", "Null", ALLOWED_NAMESPACES))
        .as("only on file systems whose owner opted in")
        .isEqualTo("false");

    assertThat(actions("TagAccessPointsOnCreate")).containsExactly("elasticfilesystem:TagResource");
    assertThat(
            condition("TagAccessPointsOnCreate", "StringEquals", "elasticfilesystem:CreateAction"))
        .isEqualTo("CreateAccessPoint");

    assertThat(actions("DeleteOwnedAccessPoints"))
        .containsExactly("elasticfilesystem:DeleteAccessPoint");
    assertThat(
            condition(
                "DeleteOwnedAccessPoints",
                "StringEquals",
                "aws:ResourceTag/lambdaefs.io/managed-by"))
        .isEqualTo("lambda-efs-operator");

    // EC2 authorizes the existing group without the request's tags, the new rule with them.
    assertThat(actions("AddNfsRulesToSecurityGroups"))
        .containsExactly("ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress");
    assertThat(strings(bySid.get("AddNfsRulesToSecurityGroups").get("Resource")))
        .containsExactly("arn:aws:ec2:*:*:security-group/*");
    assertThat(bySid.get("AddNfsRulesToSecurityGroups").toString()).doesNotContain("RequestTag");
    assertThat(actions("AuthorizeTaggedNfsRules"))
        .containsExactly("ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress");
    assertThat(strings(bySid.get("AuthorizeTaggedNfsRules").get("Resource")))
        .containsExactly("arn:aws:ec2:*:*:security-group-rule/*");
    assertThat(condition("AuthorizeTaggedNfsRules", "StringEquals", MANAGED_BY))
        .isEqualTo("lambda-efs-operator");

    assertThat(actions("TagNfsRulesOnCreate")).containsExactly("ec2:CreateTags");
    assertThat(strings(bySid.get("TagNfsRulesOnCreate").get("Resource")))
        .containsExactly("arn:aws:ec2:*:*:security-group-rule/*");
    assertThat(condition("TagNfsRulesOnCreate", "StringEquals", "ec2:CreateAction"))
        .isEqualTo("AuthorizeSecurityGroupIngress,AuthorizeSecurityGroupEgress");

    assertThat(actions("HandOverOwnedNfsRules")).containsExactly("ec2:CreateTags");
    assertThat(strings(bySid.get("HandOverOwnedNfsRules").get("Resource")))
        .containsExactly("arn:aws:ec2:*:*:security-group-rule/*");
    assertThat(
            condition(
                "HandOverOwnedNfsRules", "StringEquals", "aws:ResourceTag/lambdaefs.io/managed-by"))
        .isEqualTo("lambda-efs-operator");
    assertThat(condition("HandOverOwnedNfsRules", "ForAllValues:StringLike", "aws:TagKeys"))
        .isEqualTo("lambdaefs.io/*");

    // Only functions the operator tagged, which it may do only where the owner opted in.
    assertThat(actions("ConfigureFunctions")).containsExactly("lambda:UpdateFunctionConfiguration");
    assertThat(
            condition(
                "ConfigureFunctions", "StringEquals", "aws:ResourceTag/lambdaefs.io/managed-by"))
        .isEqualTo("lambda-efs-operator");

    // Exactly the operator's keys: never lambdaefs.io/allowed-namespaces, the owner's opt-in.
    assertThat(actions("TagFunctionsWithOperatorKeys")).containsExactly("lambda:TagResource");
    assertThat(condition("TagFunctionsWithOperatorKeys", "ForAllValues:StringLike", "aws:TagKeys"))
        .isEqualTo(WRITTEN_KEYS)
        .doesNotContain("allowed-namespaces");
    assertThat(condition("TagFunctionsWithOperatorKeys", "Null", ALLOWED_NAMESPACES))
        .isEqualTo("false");
    assertThat(actions("UntagFunctionsOperatorKeys")).containsExactly("lambda:UntagResource");
    assertThat(condition("UntagFunctionsOperatorKeys", "ForAllValues:StringLike", "aws:TagKeys"))
        .isEqualTo(REMOVED_KEYS);

    // AWS evaluates a revoke against the security group only: no rule resource to scope.
    assertThat(strings(bySid.get("RevokeNfsRules").get("Resource")))
        .containsExactly("arn:aws:ec2:*:*:security-group/*");
  }

  @Test
  void roleEditingIsOnlyForRolesThatOptInAndNeverTheOperatorsOwn() {
    assertThat(actions("ManageExecutionRolePolicy"))
        .containsExactly("iam:PutRolePolicy", "iam:DeleteRolePolicy");
    assertThat(
            condition(
                "ManageExecutionRolePolicy",
                "StringEquals",
                "aws:ResourceTag/lambdaefs.io/managed-policy"))
        .isEqualTo("allowed");
    assertThat(bySid.get(OWN_ROLE).get("Effect").asText()).isEqualTo("Deny");
    assertThat(actions(OWN_ROLE)).containsExactly("iam:PutRolePolicy", "iam:DeleteRolePolicy");
    assertThat(strings(bySid.get(OWN_ROLE).get("Resource"))).containsExactly("${aws:PrincipalArn}");
    for (Map.Entry<String, JsonNode> s : bySid.entrySet()) {
      if (!s.getKey().equals("ManageExecutionRolePolicy") && !s.getKey().equals(OWN_ROLE)) {
        assertThat(strings(s.getValue().get("Action")))
            .as(s.getKey())
            .doesNotContain("iam:PutRolePolicy", "iam:DeleteRolePolicy");
      }
    }
  }

  @Test
  void onlyReadsAndActionsWithoutResourceLevelSupportUseAStarResource() {
    for (Map.Entry<String, JsonNode> s : bySid.entrySet()) {
      if (strings(s.getValue().get("Resource")).contains("*")) {
        assertThat(strings(s.getValue().get("Action")))
            .as(s.getKey())
            .allMatch(a -> a.contains(":Describe"));
      }
    }
  }

  @Test
  void everyStatementIsExplainedInTheDoc() throws IOException {
    String doc = Files.readString(Chart.ROOT.resolve("docs/iam.md"));
    for (String sid : bySid.keySet()) {
      assertThat(doc).as("docs/iam.md explains %s", sid).contains("### `" + sid + "`");
    }
    assertThat(doc)
        .contains(
            "iam:PassRole",
            "lambdaefs.io/managed-by",
            "lambdaefs.io/owner-uid",
            "lambdaefs.io/owner",
            "lambdaefs.io/allowed-namespaces",
            "lambdaefs.io/managed-policy",
            "sts:AssumeRole");
  }

  /** An action named in full, in backticks: `service:Action`. */
  static final Pattern ACTION =
      Pattern.compile("`((?:lambda|elasticfilesystem|ec2|iam|sts):[A-Z]\\w+)`");

  /** Condition keys that look like actions; the docs may name them without granting anything. */
  static final Set<String> CONDITION_KEYS =
      Set.of(
          "ec2:CreateAction",
          "elasticfilesystem:CreateAction",
          "elasticfilesystem:AccessPointArn",
          "ec2:ResourceTag",
          "ec2:SecurityGroupID",
          "ec2:Vpc");

  static Set<String> actionsNamedIn(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = ACTION.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    out.removeAll(CONDITION_KEYS);
    return out;
  }

  /** Each policy file's statements: Sid to its actions. */
  static Map<String, List<String>> statementsOf(String file) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode s :
        new ObjectMapper()
            .readTree(Chart.DEPLOY.resolve("iam/" + file).toFile())
            .get("Statement")) {
      out.put(s.get("Sid").asText(), strings(s.get("Action")));
    }
    return out;
  }

  static final List<String> POLICY_FILES =
      List.of("operator-policy.json", ShippedPolicy.SINGLE_TENANT_FILE);

  /**
   * docs/iam.md names every action of a statement in full under that statement's heading, and every
   * action it names is granted, or listed under "What is deliberately absent".
   */
  @Test
  void docsIamNamesEveryActionOfEachStatementAndNoOther() throws IOException {
    String doc = Files.readString(Chart.ROOT.resolve("docs/iam.md"));
    String absent = doc.substring(doc.indexOf("## What is deliberately absent"));
    Set<String> granted = new TreeSet<>();
    for (String file : POLICY_FILES) {
      statementsOf(file)
          .forEach(
              (sid, actions) -> {
                granted.addAll(actions);
                int start = doc.indexOf("### `" + sid + "`");
                assertThat(start).as("docs/iam.md has a section for %s", sid).isNotNegative();
                int end = doc.indexOf("\n#", start + 1);
                assertThat(actionsNamedIn(doc.substring(start, end)))
                    .as("%s (%s): the section of %s names its actions in full", file, sid, sid)
                    .containsAll(actions);
              });
    }
    Set<String> named = actionsNamedIn(doc);
    named.removeAll(granted);
    named.removeAll(actionsNamedIn(absent));
    assertThat(named).as("actions docs/iam.md names that the policy does not grant").isEmpty();
  }

  /** The README's policy table: one row per statement, each naming exactly its actions. */
  @Test
  void theReadmesPolicyTableNamesExactlyTheActionsOfEachStatement() throws IOException {
    String readme = Files.readString(Chart.ROOT.resolve("README.md"));
    int table = readme.indexOf("| Statement | Grants | Scoped by |");
    assertThat(table).as("README's policy table").isNotNegative();
    Map<String, Set<String>> rows = new LinkedHashMap<>();
    for (String line : readme.substring(table).lines().skip(2).toList()) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.split("\\|");
      rows.put(cells[1].trim().replace("`", ""), actionsNamedIn(cells[2]));
    }
    for (String file : POLICY_FILES) {
      Map<String, List<String>> statements = statementsOf(file);
      assertThat(rows.keySet()).as("README rows, %s", file).isEqualTo(statements.keySet());
      statements.forEach(
          (sid, actions) ->
              assertThat(rows.get(sid))
                  .as("README's row %s names exactly its actions, in full", sid)
                  .containsExactlyInAnyOrderElementsOf(actions));
    }
  }

  /**
   * deploy/iam/operator-policy-single-tenant.json is the shipped policy without the conditions on
   * lambdaefs.io/allowed-namespaces, for an operator run with --require-namespace-tags=false.
   * {@code -Dregenerate=true} writes it.
   */
  @Test
  void theSingleTenantPolicyIsTheShippedOneWithoutTheNamespaceTagConditions() throws IOException {
    var file = Chart.DEPLOY.resolve("iam/" + ShippedPolicy.SINGLE_TENANT_FILE);
    String derived = ShippedPolicy.singleTenant();
    if (DeployManifestsTest.REGENERATE) {
      Files.writeString(file, derived);
    }
    assertThat(Files.readString(file))
        .as("%s; run deploy/regenerate.sh", file)
        .isEqualTo(derived)
        .doesNotContain("allowed-namespaces");
  }
}
