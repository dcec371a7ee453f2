package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lambdaefs.operator.api.v1alpha1.PrinterColumnOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The committed CRD, as `kubectl apply -f crds/` installs it on a real API server. */
@ExtendWith(RealApiServer.class)
class CrdOnApiServerTest {
  private static final String CRD = "crds/lambdaefsmounts.lambdaefs.io-v1.yml";
  private static Cluster cluster;

  @BeforeAll
  static void install(Cluster c) {
    cluster = c;
    cluster.applyCrd();
  }

  @Test
  void theCommittedCrdIsAcceptedAndEstablished() {
    CustomResourceDefinition crd =
        cluster
            .client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("lambdaefsmounts.lambdaefs.io")
            .get();
    assertThat(crd.getStatus().getConditions())
        .filteredOn(c -> List.of("Established", "NamesAccepted").contains(c.getType()))
        .extracting(CustomResourceDefinitionCondition::getStatus)
        .containsExactly("True", "True");
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("lem");
  }

  @Test
  void kubectlGetLemShowsTheColumnsInTheReadmesOrder() throws Exception {
    String ns = cluster.namespace("crd-columns");
    cluster.kubectl("apply", "-f", cluster.exampleIn(ns).toString()).succeeded();

    String table = cluster.kubectl("get", "lem", "-n", ns).succeeded().out();

    List<String> readme = readmeColumns();
    assertThat(readme).containsExactly("Ready", "Function", "FileSystem", "AccessPoint", "Age");
    assertThat(PrinterColumnOrder.declared()).isEqualTo(readme);
    List<String> header =
        Arrays.asList(table.lines().findFirst().orElseThrow().trim().split("\\s+"));
    assertThat(header)
        .containsExactlyElementsOf(
            concat("NAME", readme.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList()));
    String row = table.lines().skip(1).findFirst().orElseThrow();
    assertThat(row)
        .startsWith("file-processor-data")
        .contains("file-processor", "fs-0abc123def456789");
    // No operator runs here; leave nothing for the operators of other tests, which watch all
    // namespaces.
    cluster.kubectl("delete", "-n", ns, "lem/file-processor-data").succeeded();
  }

  @Test
  void theCrdsCelRulesFitTheCostBudgetWhichTheServerEnforces() throws Exception {
    // Accepted above: the server estimated the cost of every x-kubernetes-validations rule within
    // its per-CRD budget. The same CRD with one rule that iterates unbounded strings is refused,
    // so acceptance means something.
    CustomResourceDefinition expensive =
        cluster
            .client()
            .getKubernetesSerialization()
            .unmarshal(Files.readString(Path.of(CRD)), CustomResourceDefinition.class);
    expensive.getMetadata().setName("lambdaefsmounts.budget.lambdaefs.io");
    expensive.getSpec().setGroup("budget.lambdaefs.io");
    JSONSchemaProps tags =
        expensive
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("accessPoint")
            .getProperties()
            .get("tags");
    tags.setXKubernetesValidations(
        List.of(
            new ValidationRuleBuilder()
                .withRule(
                    "self.all(a, self.all(b, self.all(c, self[a] + self[b] + self[c] != '')))")
                .build()));

    assertThatThrownBy(
            () ->
                cluster
                    .client()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(expensive)
                    .dryRun()
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("exceeds budget");
  }

  @Test
  void theServerKeepsThePrinterColumnsInTheCommittedOrder() {
    List<String> served =
        cluster
            .client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("lambdaefsmounts.lambdaefs.io")
            .get()
            .getSpec()
            .getVersions()
            .get(0)
            .getAdditionalPrinterColumns()
            .stream()
            .map(CustomResourceColumnDefinition::getName)
            .toList();
    assertThat(served).isEqualTo(PrinterColumnOrder.declared());
  }

  /** "`kubectl get lem` shows Ready, Function, FileSystem, AccessPoint and Age." */
  static List<String> readmeColumns() throws Exception {
    Matcher m =
        Pattern.compile("`kubectl get lem` shows ([A-Za-z, ]+) and ([A-Za-z]+)\\.")
            .matcher(Files.readString(Path.of("README.md")));
    assertThat(m.find()).as("README names the columns of kubectl get lem").isTrue();
    return concat(Arrays.asList(m.group(1).split(",\\s*")), List.of(m.group(2)));
  }

  private static List<String> concat(String first, List<String> rest) {
    return concat(List.of(first), rest);
  }

  private static List<String> concat(List<String> first, List<String> rest) {
    return Stream.concat(first.stream(), rest.stream()).toList();
  }
}
