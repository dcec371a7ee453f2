package io.lambdaefs.operator.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Sample LambdaEfsMount objects under src/test/resources/health/ and what each GitOps tool should
 * conclude from them. Argo CD (deploy/argocd/health.lua) and kstatus (Flux, kubectl wait) read the
 * same conditions; where they differ, the difference is kstatus' own rule and is documented.
 */
final class HealthSamples {

  private HealthSamples() {}

  static JsonNode load(String name) {
    try (InputStream in = HealthSamples.class.getResourceAsStream("/health/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** sample, Argo CD health, part of the Argo CD message, kstatus status. */
  static Stream<Arguments> expectations() {
    return Stream.of(
        Arguments.of("ready", "Healthy", "mounts fs-0abc123def456789 at /mnt/data", "Current"),
        // kstatus treats an object without status as Current; Argo CD waits. See docs/install.md
        // (Flux).
        Arguments.of("no-status", "Progressing", "Waiting for the operator", "Current"),
        Arguments.of("generation-behind", "Progressing", "observe generation 4", "InProgress"),
        Arguments.of("reconciling", "Progressing", "LastUpdateStatus InProgress", "InProgress"),
        Arguments.of("stalled", "Degraded", "attach deploy/iam/operator-policy.json", "Failed"),
        Arguments.of("stalled-old-generation", "Progressing", "observe generation 3", "InProgress"),
        // kstatus knows no Drifted condition: with driftPolicy Report it is Current unless Stalled
        // is set.
        Arguments.of("drift-report", "Degraded", "changed outside the operator", "Current"),
        Arguments.of("drift-correcting", "Progressing", "Correcting drift", "InProgress"),
        Arguments.of("deleting", "Progressing", "Removing the access point", "Terminating"));
  }

  /**
   * The samples on which Argo CD and kstatus must agree: all but three documented exceptions, each
   * a kstatus default. No status at all is Current to kstatus; Drifted is a condition kstatus does
   * not read, so driftPolicy Report drift is Current unless the operator also sets Stalled;
   * deletion is Terminating to kstatus and is handled by Argo CD itself.
   */
  static Stream<Arguments> agreeing() {
    return expectations()
        .filter(
            a -> !Set.of("no-status", "drift-report", "deleting").contains((String) a.get()[0]));
  }
}
