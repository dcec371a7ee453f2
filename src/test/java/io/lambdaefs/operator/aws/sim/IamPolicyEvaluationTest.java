package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.IamPolicy.Decision.ALLOWED;
import static io.lambdaefs.operator.aws.sim.IamPolicy.Decision.EXPLICIT_DENY;
import static io.lambdaefs.operator.aws.sim.IamPolicy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaefs.operator.aws.sim.IamPolicy.Decision;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IAM evaluation logic of the simulated account, on its own. */
class IamPolicyEvaluationTest {
  static final String ROLE = "arn:aws:iam::123456789012:role/fn-role";
  static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/other";
  static final String FS = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-1";

  private static Decision decide(String policy, String action, String resource, Object... ctx) {
    return IamPolicy.decide(
            List.of(IamPolicy.identity(policy)),
            null,
            new IamPolicy.Request(ROLE, action, resource, context(ctx)))
        .decision();
  }

  /** Pairs of key and value (a List for several values). */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> context(Object... ctx) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < ctx.length; i += 2) {
      Object v = ctx[i + 1];
      out.put((String) ctx[i], v instanceof List ? (List<String>) v : List.of((String) v));
    }
    return out;
  }

  private static String statement(String effectActionResource, String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{"
        + effectActionResource
        + (condition == null ? "" : ",\"Condition\":" + condition)
        + "}]}";
  }

  private static String allow(String condition) {
    return statement("\"Effect\":\"Allow\",\"Action\":\"svc:Do\",\"Resource\":\"*\"", condition);
  }

  @Test
  void actionsAndResourcesMatchWithWildcardsAndActionsIgnoreCase() {
    String p =
        statement(
            "\"Effect\":\"Allow\",\"Action\":[\"elasticfilesystem:Describe*\",\"lambda:Get?unction\"],"
                + "\"Resource\":\"arn:aws:elasticfilesystem:*:*:file-system/*\"",
            null);
    assertThat(decide(p, "elasticfilesystem:DescribeMountTargets", FS)).isEqualTo(ALLOWED);
    assertThat(decide(p, "ELASTICFILESYSTEM:describemounttargets", FS)).isEqualTo(ALLOWED);
    assertThat(decide(p, "lambda:GetFunction", FS)).isEqualTo(ALLOWED);
    assertThat(decide(p, "elasticfilesystem:CreateAccessPoint", FS)).isEqualTo(IMPLICIT_DENY);
    assertThat(
            decide(
                p, "elasticfilesystem:DescribeMountTargets", FS.replace("arn:aws:", "arn:aws-cn:")))
        .as("an ARN of another partition does not match")
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void explicitDenyWinsOverAllowAcrossPolicies() {
    IamPolicy allowAll =
        IamPolicy.identity(
            statement("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"", null));
    IamPolicy deny =
        IamPolicy.identity(
            statement("\"Effect\":\"Deny\",\"Action\":\"ec2:Revoke*\",\"Resource\":\"*\"", null));
    var r = new IamPolicy.Request(ROLE, "ec2:RevokeSecurityGroupIngress", "*", Map.of());
    assertThat(IamPolicy.decide(List.of(allowAll, deny), null, r).decision())
        .isEqualTo(EXPLICIT_DENY);
    assertThat(IamPolicy.decide(List.of(allowAll), null, r).decision()).isEqualTo(ALLOWED);
    assertThat(IamPolicy.decide(List.of(), null, r).decision()).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void notActionAndNotResourceMatchEverythingElse() {
    String p =
        statement(
            "\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"NotResource\":\"arn:aws:lambda:*:*:function:secret\"",
            null);
    assertThat(decide(p, "lambda:GetFunction", "arn:aws:lambda:us-east-1:1:function:open"))
        .isEqualTo(ALLOWED);
    assertThat(decide(p, "lambda:GetFunction", "arn:aws:lambda:us-east-1:1:function:secret"))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(decide(p, "iam:PutRolePolicy", "*")).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void requestAndResourceTagsWithStringEqualsAndStringLike() {
    String p =
        allow(
            "{\"StringEquals\":{\"aws:RequestTag/lambdaefs.io/managed-by\":\"lambda-efs-operator\"}}");
    assertThat(
            decide(
                p, "svc:Do", "x", "aws:RequestTag/lambdaefs.io/managed-by", "lambda-efs-operator"))
        .isEqualTo(ALLOWED);
    assertThat(decide(p, "svc:Do", "x", "aws:RequestTag/lambdaefs.io/managed-by", "someone"))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(decide(p, "svc:Do", "x")).as("no tag in the request").isEqualTo(IMPLICIT_DENY);
    assertThat(
            decide(
                p, "svc:Do", "x", "AWS:REQUESTTAG/lambdaefs.io/managed-by", "lambda-efs-operator"))
        .as("condition keys are case-insensitive")
        .isEqualTo(ALLOWED);

    String like = allow("{\"StringLike\":{\"aws:ResourceTag/team\":[\"data-*\",\"ml-?\"]}}");
    assertThat(decide(like, "svc:Do", "x", "aws:ResourceTag/team", "data-eng")).isEqualTo(ALLOWED);
    assertThat(decide(like, "svc:Do", "x", "aws:ResourceTag/team", "ml-1")).isEqualTo(ALLOWED);
    assertThat(decide(like, "svc:Do", "x", "aws:ResourceTag/team", "ml-12"))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void severalKeysAreAndedAndSeveralValuesOred() {
    String p =
        allow(
            "{\"StringEquals\":{\"ec2:CreateAction\":[\"AuthorizeSecurityGroupIngress\",\"AuthorizeSecurityGroupEgress\"],"
                + "\"aws:RequestTag/owner\":\"me\"}}");
    assertThat(
            decide(
                p,
                "svc:Do",
                "x",
                "ec2:CreateAction",
                "AuthorizeSecurityGroupEgress",
                "aws:RequestTag/owner",
                "me"))
        .isEqualTo(ALLOWED);
    assertThat(decide(p, "svc:Do", "x", "ec2:CreateAction", "AuthorizeSecurityGroupEgress"))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            decide(
                p,
                "svc:Do",
                "x",
                "ec2:CreateAction",
                "CreateSecurityGroup",
                "aws:RequestTag/owner",
                "me"))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void forAllValuesHoldsForEveryKeyAndForAnyValueForOne() {
    String all = allow("{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"lambdaefs.io/*\"}}");
    assertThat(
            decide(
                all,
                "svc:Do",
                "x",
                "aws:TagKeys",
                List.of("lambdaefs.io/owner", "lambdaefs.io/owner-uid")))
        .isEqualTo(ALLOWED);
    assertThat(decide(all, "svc:Do", "x", "aws:TagKeys", List.of("lambdaefs.io/owner", "team")))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(decide(all, "svc:Do", "x"))
        .as("ForAllValues holds when the key is absent: the reason for Null in the shipped policy")
        .isEqualTo(ALLOWED);

    String any = allow("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\",\"cost\"]}}");
    assertThat(decide(any, "svc:Do", "x", "aws:TagKeys", List.of("lambdaefs.io/owner", "team")))
        .isEqualTo(ALLOWED);
    assertThat(decide(any, "svc:Do", "x", "aws:TagKeys", List.of("lambdaefs.io/owner")))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(decide(any, "svc:Do", "x")).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void nullTellsWhetherAKeyIsPresent() {
    String present = allow("{\"Null\":{\"aws:TagKeys\":\"false\"}}");
    assertThat(decide(present, "svc:Do", "x", "aws:TagKeys", List.of("a"))).isEqualTo(ALLOWED);
    assertThat(decide(present, "svc:Do", "x")).isEqualTo(IMPLICIT_DENY);
    String absent = allow("{\"Null\":{\"aws:ResourceTag/owner\":\"true\"}}");
    assertThat(decide(absent, "svc:Do", "x")).isEqualTo(ALLOWED);
    assertThat(decide(absent, "svc:Do", "x", "aws:ResourceTag/owner", "me"))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void negatedOperatorsAndIfExistsHoldWithoutTheKey() {
    String notEquals =
        statement(
            "\"Effect\":\"Deny\",\"Action\":\"svc:Do\",\"Resource\":\"*\"",
            "{\"StringNotEquals\":{\"aws:ResourceTag/owner\":\"me\"}}");
    assertThat(decide(notEquals, "svc:Do", "x", "aws:ResourceTag/owner", "you"))
        .isEqualTo(EXPLICIT_DENY);
    assertThat(decide(notEquals, "svc:Do", "x", "aws:ResourceTag/owner", "me"))
        .isEqualTo(IMPLICIT_DENY);
    assertThat(decide(notEquals, "svc:Do", "x")).isEqualTo(EXPLICIT_DENY);

    String ifExists = allow("{\"StringEqualsIfExists\":{\"aws:ResourceTag/owner\":\"me\"}}");
    assertThat(decide(ifExists, "svc:Do", "x")).isEqualTo(ALLOWED);
    assertThat(decide(ifExists, "svc:Do", "x", "aws:ResourceTag/owner", "you"))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void boolArnAndNumericOperators() {
    assertThat(
            decide(
                allow("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"),
                "svc:Do",
                "x",
                "aws:SecureTransport",
                "TRUE"))
        .isEqualTo(ALLOWED);
    String arn =
        allow(
            "{\"ArnLike\":{\"elasticfilesystem:AccessPointArn\":\"arn:aws:elasticfilesystem:*:*:access-point/fsap-1*\"}}");
    assertThat(
            decide(
                arn,
                "svc:Do",
                "x",
                "elasticfilesystem:AccessPointArn",
                "arn:aws:elasticfilesystem:us-east-1:1:access-point/fsap-123"))
        .isEqualTo(ALLOWED);
    String numeric = allow("{\"NumericLessThan\":{\"svc:Count\":\"3\"}}");
    assertThat(decide(numeric, "svc:Do", "x", "svc:Count", "2")).isEqualTo(ALLOWED);
    assertThat(decide(numeric, "svc:Do", "x", "svc:Count", "3")).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void missingContextValuesAreReportedForConditionsOfMatchingStatements() {
    String p =
        statement(
            "\"Effect\":\"Allow\",\"Action\":\"elasticfilesystem:Client*\",\"Resource\":\""
                + FS
                + "\"",
            "{\"StringEquals\":{\"elasticfilesystem:AccessPointArn\":\"arn:x\"}}");
    var result =
        IamPolicy.decide(
            List.of(IamPolicy.identity(p)),
            null,
            new IamPolicy.Request(ROLE, "elasticfilesystem:ClientMount", FS, Map.of()));
    assertThat(result.decision()).isEqualTo(IMPLICIT_DENY);
    assertThat(result.missingContext()).containsExactly("elasticfilesystem:AccessPointArn");
    var otherAction =
        IamPolicy.decide(
            List.of(IamPolicy.identity(p)),
            null,
            new IamPolicy.Request(ROLE, "ec2:CreateNetworkInterface", "*", Map.of()));
    assertThat(otherAction.missingContext()).isEmpty();
  }

  @Test
  void aResourcePolicyAllowsItsPrincipalsAndDeniesForTheAccount() {
    IamPolicy fsPolicy =
        IamPolicy.resource(
            "{\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + ROLE
                + "\"},\"Action\":\"elasticfilesystem:ClientMount\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"elasticfilesystem:ClientWrite\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"*\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}");
    var tls = Map.of("aws:SecureTransport", List.of("true"));
    assertThat(
            IamPolicy.decide(
                    List.of(),
                    fsPolicy,
                    new IamPolicy.Request(ROLE, "elasticfilesystem:ClientMount", FS, tls))
                .decision())
        .isEqualTo(ALLOWED);
    assertThat(
            IamPolicy.decide(
                    List.of(),
                    fsPolicy,
                    new IamPolicy.Request(OTHER_ROLE, "elasticfilesystem:ClientMount", FS, tls))
                .decision())
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            IamPolicy.decide(
                    List.of(),
                    fsPolicy,
                    new IamPolicy.Request(ROLE, "elasticfilesystem:ClientWrite", FS, tls))
                .decision())
        .as("the account principal delegates to the identity policy, which grants nothing here")
        .isEqualTo(IMPLICIT_DENY);
    assertThat(
            IamPolicy.decide(
                    List.of(),
                    fsPolicy,
                    new IamPolicy.Request(
                        ROLE,
                        "elasticfilesystem:ClientMount",
                        FS,
                        Map.of("aws:SecureTransport", List.of("false"))))
                .decision())
        .isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void malformedDocumentsAreRejectedWithIamsReason() {
    assertThatThrownBy(() -> IamPolicy.identity("{not json"))
        .hasMessage("Syntax errors in policy.");
    assertThatThrownBy(() -> IamPolicy.identity("{\"Version\":\"2012-10-17\"}"))
        .hasMessageContaining("Statement");
    assertThatThrownBy(
            () ->
                IamPolicy.identity(
                    statement("\"Effect\":\"Maybe\",\"Action\":\"a:b\",\"Resource\":\"*\"", null)))
        .hasMessageContaining("Effect");
    assertThatThrownBy(
            () -> IamPolicy.identity(statement("\"Effect\":\"Allow\",\"Action\":\"a:b\"", null)))
        .hasMessageContaining("resources");
    assertThatThrownBy(
            () ->
                IamPolicy.identity(
                    allow("{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01\"}}")))
        .hasMessageContaining("DateLessThan");
    assertThatThrownBy(() -> IamPolicy.resource(allow(null))).hasMessageContaining("principal");
  }

  @Test
  void aPolicyVariableInResourceIsTheRequestsValueAndAMissingOneMatchesNothing() {
    String denyOwnRole =
        statement(
            "\"Effect\":\"Deny\",\"Action\":\"iam:PutRolePolicy\","
                + "\"Resource\":\"${aws:PrincipalArn}\"",
            null);
    String both =
        "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iam:PutRolePolicy\",\"Resource\":\"*\"},"
            + denyOwnRole.substring(denyOwnRole.indexOf('[') + 1);
    assertThat(decide(both, "iam:PutRolePolicy", ROLE, "aws:PrincipalArn", ROLE))
        .isEqualTo(EXPLICIT_DENY);
    assertThat(decide(both, "iam:PutRolePolicy", OTHER_ROLE, "aws:PrincipalArn", ROLE))
        .isEqualTo(ALLOWED);
    assertThat(decide(both, "iam:PutRolePolicy", ROLE))
        .as("no aws:PrincipalArn in the request: the Deny's resource matches nothing")
        .isEqualTo(ALLOWED);
  }

  @Test
  void aTrustPolicyTrustsAPrincipalByItsArnOrThroughItsAccountOrDeniesIt() {
    IamPolicy trust =
        IamPolicy.resource(
            "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + ROLE
                + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x1\"}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                + "\"Action\":\"sts:AssumeRole\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::333333333333:root\"},"
                + "\"Action\":\"sts:AssumeRole\"}]}");
    String target = "arn:aws:iam::444444444444:role/t";
    assertThat(
            trust.trust(
                new IamPolicy.Request(
                    ROLE, "sts:AssumeRole", target, context("sts:ExternalId", "x1"))))
        .isEqualTo(IamPolicy.Trust.PRINCIPAL);
    assertThat(trust.trust(new IamPolicy.Request(ROLE, "sts:AssumeRole", target, Map.of())))
        .as("without the external id")
        .isEqualTo(IamPolicy.Trust.NONE);
    assertThat(
            trust.trust(
                new IamPolicy.Request(
                    "arn:aws:iam::222222222222:role/any", "sts:AssumeRole", target, Map.of())))
        .isEqualTo(IamPolicy.Trust.ACCOUNT);
    assertThat(
            trust.trust(
                new IamPolicy.Request(
                    "arn:aws:iam::333333333333:role/any", "sts:AssumeRole", target, Map.of())))
        .isEqualTo(IamPolicy.Trust.DENIED);
  }
}
