package io.lambdaefs.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A build step right after the crd-generator (process-classes): puts the CRD's printer columns in
 * the order {@link LambdaEfsMount} declares them, which is the order {@code kubectl get lem} shows.
 * The generator sorts them by JSON path instead, which put Age first and Ready last.
 */
public final class PrinterColumnOrder {

  private PrinterColumnOrder() {}

  /** The column names in the order the model declares them. */
  public static List<String> declared() {
    return Arrays.stream(LambdaEfsMount.class.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name)
        .toList();
  }

  /**
   * @param args the generated CRD file, rewritten in place
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    String generated = Files.readString(file);
    // The generator's own comment line, then its YAML without the document start marker.
    String comment = generated.substring(0, generated.indexOf('\n') + 1);
    KubernetesSerialization serialization = new KubernetesSerialization();
    CustomResourceDefinition crd =
        serialization.unmarshal(generated, CustomResourceDefinition.class);
    List<String> order = declared();
    crd.getSpec()
        .getVersions()
        .forEach(
            v ->
                v.getAdditionalPrinterColumns()
                    .sort(
                        Comparator.comparingInt(
                            (CustomResourceColumnDefinition c) -> order.indexOf(c.getName()))));
    Files.writeString(file, comment + serialization.asYaml(crd).substring("---\n".length()));
  }
}
