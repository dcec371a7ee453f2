package io.lambdaefs.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every field the CRD constrains, rejected with its path as the API server would, from the example
 * file.
 */
class CrdValidatorTest {
  private static final CrdValidator VALIDATOR = CrdValidator.fromClasspath();
  private static final String NOT_CHECKED =
      "some validation rules were not checked because the object was invalid; correct the errors above to "
          + "complete validation";

  private Map<String, Object> doc;

  @BeforeEach
  void loadExample() throws IOException {
    doc =
        Serialization.yamlMapper()
            .readValue(
                Files.readString(Path.of("examples/lambdaefsmount.yaml")), LinkedHashMap.class);
  }

  @Test
  void theExampleIsValidAndGetsTheCrdDefaults() {
    remove("spec.driftPolicy");
    remove("spec.network.manageSecurityGroupRules");

    CrdValidator.Result result = VALIDATOR.validate(doc);

    assertThat(result.errors()).isEmpty();
    assertThat(at(result.object(), "spec.driftPolicy")).isEqualTo("Correct");
    assertThat(at(result.object(), "spec.network.manageSecurityGroupRules")).isEqualTo(true);
    assertThat(at(result.object(), "spec.readOnly")).isEqualTo(false);
  }

  @Test
  void fileSystemIdMustLookLikeAnEfsId() {
    set("spec.fileSystemId", "fs-xyz");
    assertErrors("spec.fileSystemId: \"fs-xyz\" does not match ^fs-[0-9a-f]{8,40}$");
  }

  @Test
  void mountPathMustBeUnderMnt() {
    set("spec.mountPath", "/data");
    assertErrors("spec.mountPath: \"/data\" does not match ^/mnt/[a-zA-Z0-9-_.]+$");
  }

  @Test
  void mountPathIsAtMost160Characters() {
    String path = "/mnt/" + "a".repeat(156);
    set("spec.mountPath", path);
    assertErrors(
        "spec.mountPath: \"" + path + "\" is 161 characters long, at most 160 allowed",
        NOT_CHECKED);
  }

  @Test
  void functionNameIsRequired() {
    remove("spec.functionName");
    // A missing field stops the CEL rules on the API server too (a "blocking" error there).
    assertErrors("spec.functionName: required field is missing", NOT_CHECKED);
  }

  @Test
  void functionNameWithAVersionOrAliasQualifierIsRejectedSayingSo() {
    String qualified =
        "spec.functionName: functionName names a version or an alias (name:qualifier or"
            + " ...:function:name:qualifier); only the unqualified function ($LATEST) can be"
            + " configured and tagged: remove the qualifier";
    for (String name :
        List.of(
            "file-processor:prod",
            "file-processor:3",
            "file-processor:$LATEST",
            "123456789012:function:file-processor:prod",
            "arn:aws:lambda:us-east-1:123456789012:function:file-processor:3")) {
      set("spec.functionName", name);
      assertThat(errors()).as(name).containsExactly(qualified);
    }
  }

  @Test
  void unqualifiedFunctionNamesAndArnsAreValid() {
    for (String name :
        List.of(
            "file-processor",
            "123456789012:function:file-processor",
            "arn:aws:lambda:us-east-1:123456789012:function:file-processor",
            "arn:aws-cn:lambda:cn-north-1:123456789012:function:file-processor")) {
      set("spec.functionName", name);
      assertThat(errors()).as(name).isEmpty();
    }
  }

  @Test
  void driftPolicyIsCorrectOrReport() {
    set("spec.driftPolicy", "Fix");
    assertThat(errors()).contains("spec.driftPolicy: \"Fix\" is not one of [Correct, Report]");
  }

  @Test
  void uidFitsIn32UnsignedBits() {
    set("spec.accessPoint.posixUser.uid", 4294967296L);
    assertErrors(
        "spec.accessPoint.posixUser.uid: 4294967296 is greater than the maximum 4294967295");

    set("spec.accessPoint.posixUser.uid", 4294967295L);
    assertErrors();

    set("spec.accessPoint.posixUser.uid", -1);
    assertErrors("spec.accessPoint.posixUser.uid: -1 is less than the minimum 0");
  }

  @Test
  void permissionsAreAnOctalMode() {
    set("spec.accessPoint.rootDirectory.creationInfo.permissions", "999");
    assertErrors(
        "spec.accessPoint.rootDirectory.creationInfo.permissions: \"999\" does not match ^[0-7]{3,4}$");
  }

  @Test
  void unquotedPermissionsAreANumberNotAString() {
    set("spec.accessPoint.rootDirectory.creationInfo.permissions", 755);
    assertThat(errors())
        .contains(
            "spec.accessPoint.rootDirectory.creationInfo.permissions: must be a string, "
                + "not the number 755 (quote it: \"755\")");
  }

  @Test
  void rootDirectoryHasAtMostFourLevels() {
    set("spec.accessPoint.rootDirectory.path", "/a/b/c/d/e");
    assertErrors(
        "spec.accessPoint.rootDirectory.path: \"/a/b/c/d/e\" does not match ^/$|^(/[^/]+){1,4}$");
    set("spec.accessPoint.rootDirectory.path", "/a/b/c/d");
    assertErrors();
  }

  @Test
  void existingIdAndPosixUserTogetherBreakTheCelRule() {
    remove("spec.accessPoint.rootDirectory");
    remove("spec.accessPoint.tags");
    set("spec.accessPoint.existingId", "fsap-0123456789abcdef0");
    assertErrors(
        "spec.accessPoint: set exactly one of accessPoint.existingId (adopt) or accessPoint.posixUser (create)");
  }

  @Test
  void neitherExistingIdNorPosixUserBreaksTheCelRule() {
    remove("spec.accessPoint.posixUser");
    remove("spec.accessPoint.rootDirectory");
    assertErrors(
        "spec.accessPoint: set exactly one of accessPoint.existingId (adopt) or accessPoint.posixUser (create)");
  }

  @Test
  void rootDirectoryDoesNotApplyToAnAdoptedAccessPoint() {
    remove("spec.accessPoint.posixUser");
    remove("spec.accessPoint.tags");
    set("spec.accessPoint.existingId", "fsap-0123456789abcdef0");
    assertErrors(
        "spec.accessPoint: accessPoint.rootDirectory and accessPoint.tags apply only to an access point "
            + "the operator creates");
  }

  @Test
  void anAdoptedAccessPointAloneIsValid() {
    remove("spec.accessPoint.posixUser");
    remove("spec.accessPoint.rootDirectory");
    remove("spec.accessPoint.tags");
    set("spec.accessPoint.existingId", "fsap-0123456789abcdef0");
    assertErrors();
  }

  @Test
  void unknownFieldsAreRejectedAsWithStrictValidation() {
    set("spec.mountpath", "/mnt/typo");
    set("metadata.lables", Map.of("a", "b"));
    assertThat(errors())
        .containsExactlyInAnyOrder(
            "spec.mountpath: unknown field (known fields: accessPoint, "
                + "deletionPolicy, driftPolicy, fileSystemId, functionName, iam, mountPath, network, readOnly, region, roleArn)",
            "metadata.lables: unknown field");
  }

  @Test
  void aTypoIsOnlyAnUnknownFieldAsTheServersStrictDecodingSaysNotAlsoAMissingField() {
    set("spec.mountpath", "/mnt/data");
    remove("spec.mountPath");
    assertErrors(
        "spec.mountpath: unknown field (known fields: accessPoint, "
            + "deletionPolicy, driftPolicy, fileSystemId, functionName, iam, mountPath, network, readOnly, region, roleArn)");
  }

  @Test
  void apiVersionAndKindMustBeThisCrds() {
    doc.put("apiVersion", "lambdaefs.io/v1");
    doc.put("kind", "LambdaEfsMounts");
    assertErrors(
        "apiVersion: \"lambdaefs.io/v1\" is not lambdaefs.io/v1alpha1",
        "kind: \"LambdaEfsMounts\" is not LambdaEfsMount");
  }

  @Test
  void aWrongTypeIsNamedAndStopsTheCelRules() {
    set("spec.readOnly", "yes");
    remove("spec.accessPoint.posixUser"); // would break a CEL rule, which is not evaluated now
    remove("spec.accessPoint.rootDirectory");
    assertErrors(
        "spec.readOnly: must be true or false, not the string \"yes\"",
        "some validation rules were not checked because the object was invalid; correct the errors above to "
            + "complete validation");
  }

  @Test
  void listsAndOtherBoundsAreChecked() {
    set("spec.network.securityGroupIds", List.of("sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"));
    set("spec.region", "us_east_1");
    set("spec.functionName", "");
    assertThat(errors())
        .containsExactlyInAnyOrder(
            "spec.network.securityGroupIds: 6 items, at most 5 allowed",
            "spec.region: \"us_east_1\" does not match ^[a-z]{2}(-[a-z]+)+-\\d+$",
            "spec.functionName: \"\" is 0 characters long, at least 1 needed",
            NOT_CHECKED);
  }

  @Test
  void aPatternMinimumOrMinLengthErrorLetsTheCelRulesRunAsOnTheServer() {
    set("spec.region", "us_east_1");
    set("spec.functionName", "");
    remove("spec.accessPoint.posixUser");
    assertThat(errors())
        .containsExactlyInAnyOrder(
            "spec.region: \"us_east_1\" does not match ^[a-z]{2}(-[a-z]+)+-\\d+$",
            "spec.functionName: \"\" is 0 characters long, at least 1 needed",
            "spec.accessPoint: set exactly one of accessPoint.existingId (adopt) or "
                + "accessPoint.posixUser (create)");
  }

  @Test
  void metadataNeedsAValidName() {
    remove("metadata.name");
    set("metadata.namespace", "Team_A");
    assertErrors(
        "metadata.name: required field is missing",
        "metadata.namespace: \"Team_A\" is not a valid namespace: lower case letters, digits and '-', at most 63 "
            + "characters, so no such namespace can exist",
        NOT_CHECKED);
  }

  @Test
  void aNullFieldIsPrunedLikeTheApiServerDoes() {
    set("spec.region", null);
    assertErrors();
  }

  private void assertErrors(String... expected) {
    assertThat(errors()).containsExactlyInAnyOrder(expected);
  }

  private List<String> errors() {
    return VALIDATOR.validate(doc).errors().stream().map(ValidationError::toString).toList();
  }

  @SuppressWarnings("unchecked")
  private void set(String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
    }
    m.put(parts[parts.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private void remove(String path) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = doc;
    for (int i = 0; i < parts.length - 1; i++) {
      m = (Map<String, Object>) m.get(parts[i]);
    }
    assertThat(m.remove(parts[parts.length - 1])).as("the example has " + path).isNotNull();
  }

  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> object, String path) {
    Object v = object;
    for (String part : path.split("\\.")) {
      v = ((Map<String, Object>) v).get(part);
    }
    return v;
  }
}
