package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.MotoServer;
import io.lambdaefs.operator.status.Conditions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as the container runs it: a separate JVM configured only through the environment the
 * Helm chart sets, a kubeconfig, and the real AWS SDK clients against an AWS emulator (moto). moto
 * knows no such function, so the resource must end Stalled with FunctionNotFound, which proves the
 * whole path: kubeconfig, informer, SDK client with endpoint override and credentials, status
 * patch.
 */
class RunCommandTest {

  @TempDir Path tmp;

  @Test
  void runReconcilesThroughTheSdkAgainstAnEmulatorAndStopsOnSigterm() throws Exception {
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes();
        MotoServer moto = MotoServer.start()) {
      Path kubeconfig = tmp.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: embedded, cluster: {server: "%s"}}]
          users: [{name: embedded, user: {token: embedded}}]
          contexts: [{name: embedded, context: {cluster: embedded, user: embedded, namespace: default}}]
          current-context: embedded
          """
              .formatted(kubernetes.client().getMasterUrl()));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "run")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("run.log").toFile());
      Map<String, String> env = builder.environment();
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("AWS_ACCESS_KEY_ID", "testing");
      env.put("AWS_SECRET_ACCESS_KEY", "testing");
      env.put("AWS_EC2_METADATA_DISABLED", "true");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ENDPOINT_URL", moto.endpoint());
      env.put("WATCH_NAMESPACES", "default");
      env.put("LEADER_ELECTION", "false");
      env.put("HTTP_PORT", String.valueOf(port));
      env.put("POLL_INTERVAL", "30s");
      Process operator = builder.start();
      try {
        LambdaEfsMount mount =
            kubernetes
                .client()
                .getKubernetesSerialization()
                .unmarshal(
                    Files.readString(Path.of("examples/lambdaefsmount.yaml")),
                    LambdaEfsMount.class);
        kubernetes.client().resource(mount).create();

        LambdaEfsMount stalled =
            await("the operator to report FunctionNotFound")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(
                    () -> kubernetes.client().resource(mount).get(),
                    m ->
                        m.getStatus() != null
                            && Conditions.isTrue(
                                m.getStatus().getConditions(), Conditions.STALLED));
        assertThat(
                Conditions.find(stalled.getStatus().getConditions(), Conditions.STALLED)
                    .orElseThrow()
                    .getReason())
            .as(Files.readString(tmp.resolve("run.log")))
            .isEqualTo("FunctionNotFound");

        HttpClient http = HttpClient.newHttpClient();
        assertThat(
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(200);
        String metrics =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
            .containsPattern(
                "lambdaefs_aws_calls_total\\{[^}]*operation=\"GetFunction\"[^}]*outcome=\"not_found\"");
      } finally {
        operator.destroy(); // SIGTERM: the shutdown hook stops the operator
        assertThat(operator.waitFor(30, TimeUnit.SECONDS))
            .as("stops within 30 s of SIGTERM")
            .isTrue();
      }
    }
  }
}
