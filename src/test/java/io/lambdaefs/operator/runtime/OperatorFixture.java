package io.lambdaefs.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.status.Conditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What the runtime tests share: the example world and resource, and plain HTTP GETs. */
final class OperatorFixture {
  static final Path WORLD = Path.of("examples/world.yaml");
  static final Path MOUNT = Path.of("examples/lambdaefsmount.yaml");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorFixture() {}

  /** The example account with Lambda and EFS delays short enough for a test. */
  static SimulatedAws simulatedAws() throws IOException {
    SimulatedAws sim = SimulatedAws.fromWorldFile(WORLD);
    sim.settings()
        .lambdaUpdateDelay(Duration.ofMillis(200))
        .accessPointCreateDelay(Duration.ofMillis(100));
    return sim;
  }

  static InetSocketAddress anyLoopbackPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  static LambdaEfsMount applyExample(KubernetesClient client) throws IOException {
    LambdaEfsMount mount =
        client
            .getKubernetesSerialization()
            .unmarshal(Files.readString(MOUNT), LambdaEfsMount.class);
    return client.resource(mount).create();
  }

  static boolean isReady(KubernetesClient client, LambdaEfsMount applied) {
    LambdaEfsMount current = client.resource(applied).get();
    return current != null
        && current.getStatus() != null
        && current.getStatus().getConditions() != null
        && Conditions.isTrue(current.getStatus().getConditions(), Conditions.READY);
  }

  static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
