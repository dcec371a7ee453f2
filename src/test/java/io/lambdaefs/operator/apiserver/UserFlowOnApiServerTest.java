package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's second way to try the operator, as a user does it: {@code java -jar
 * lambda-efs-operator.jar run --simulated-aws examples/world.yaml} with a kubeconfig for a real
 * cluster, then kubectl only.
 */
@ExtendWith(RealApiServer.class)
class UserFlowOnApiServerTest {
  private static final String LEM = "lem/file-processor-data";
  private static final String WAIT = "--timeout=180s";

  @TempDir Path tmp;

  @Test
  void applyWaitChangeDeleteWithKubectlAgainstTheOperatorProcess(Cluster cluster) throws Exception {
    cluster.kubectl("apply", "-f", "crds/").succeeded();
    cluster.applyCrd();
    Map<String, String> env =
        Map.of(
            "KUBECONFIG", cluster.kubeconfig().toString(),
            "HTTP_PORT", "0",
            "POLL_INTERVAL", "10s",
            "LEASE_NAMESPACE", "default",
            "POD_NAME", "user-flow");
    try (OperatorProcess operator =
        OperatorProcess.start(tmp, env, "run", "--simulated-aws", "examples/world.yaml")) {
      cluster.kubectl("apply", "-f", "examples/lambdaefsmount.yaml").succeeded();
      cluster
          .kubectl("wait", "--for=condition=Ready", LEM, WAIT)
          .assertedAs("Ready; operator log:\n%s", operator::log);
      JsonNode ready = get(cluster);
      assertThat(ready.at("/status/observedGeneration").asLong())
          .isEqualTo(ready.at("/metadata/generation").asLong())
          .isEqualTo(1);
      assertThat(ready.at("/metadata/finalizers").toString()).contains("lambdaefsmount");
      assertThat(ready.at("/status/accessPoint/id").asText()).startsWith("fsap-");
      // Its writes are its own in managedFields: the finalizer and the status subresource.
      JsonNode managed =
          new ObjectMapper()
              .readTree(
                  cluster
                      .kubectl("get", LEM, "-o", "json", "--show-managed-fields")
                      .succeeded()
                      .out())
              .at("/metadata/managedFields");
      List<String> operatorWrites = new ArrayList<>();
      managed.forEach(
          m -> {
            if (m.path("manager").asText().equals(OperatorRuntime.FIELD_MANAGER)) {
              operatorWrites.add(m.path("subresource").asText("main"));
            }
          });
      assertThat(operatorWrites).as("managedFields: %s", managed).contains("main", "status");
      assertThat(managed.toString()).doesNotContain("fabric8");

      cluster
          .kubectl("patch", LEM, "--type=merge", "-p", "{\"spec\":{\"mountPath\":\"/mnt/data2\"}}")
          .succeeded();
      cluster
          .kubectl("wait", "--for=jsonpath={.status.observedGeneration}=2", LEM, WAIT)
          .assertedAs("observedGeneration 2; operator log:\n%s", operator::log);
      cluster.kubectl("wait", "--for=condition=Ready", LEM, WAIT).succeeded();

      String events =
          cluster
              .kubectl(
                  "get",
                  "events",
                  "--field-selector",
                  "involvedObject.name=file-processor-data",
                  "-o",
                  "custom-columns=TYPE:.type,REASON:.reason,FROM:.source.component")
              .succeeded()
              .out();
      assertThat(events).containsPattern("Normal\\s+Mounted\\s+lambda-efs-operator");

      // kubectl delete waits until the finalizer is removed, i.e. until the cleanup is done.
      cluster.kubectl("delete", LEM, WAIT).assertedAs("deleted; operator log:\n%s", operator::log);
      assertThat(cluster.kubectl("get", LEM).exitCode()).isNotZero();

      String log = operator.stop();
      assertThat(log)
          .contains("simulated AWS account 123456789012")
          .contains(
              "simulated AWS (examples/world.yaml) at exit: nothing is owned by the operator");
      // Every call succeeded until the stop (which may interrupt a Lease renewal: see LogCapture).
      assertThat(log.substring(0, log.indexOf("RunCommand - shutting down")))
          .doesNotContain("ERROR")
          .doesNotContain("WARN");
    }
  }

  private static JsonNode get(Cluster cluster) throws Exception {
    return new ObjectMapper().readTree(cluster.kubectl("get", LEM, "-o", "json").succeeded().out());
  }
}
