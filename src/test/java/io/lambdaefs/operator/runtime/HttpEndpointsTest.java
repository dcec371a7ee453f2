package io.lambdaefs.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.runtime.HttpEndpoints.Probe;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The probes the chart configures: liveness must never wait behind readiness or metrics. */
class HttpEndpointsTest {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void healthzAnswersAtOnceWhileReadyzAndMetricsAreSlow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HttpEndpoints endpoints =
        new HttpEndpoints(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> Probe.ok("ok"),
                () -> slowly(release, Probe.ok("ready")), // a slow informer health check
                () -> slowly(release, "# metrics\n"))
            .start()) {
      int port = endpoints.port();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(http.sendAsync(request(port, "/readyz"), HttpResponse.BodyHandlers.ofString()));
        slow.add(http.sendAsync(request(port, "/metrics"), HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(300); // the slow requests reach the server and occupy it

      long start = System.nanoTime();
      HttpResponse<String> health =
          http.send(request(port, "/healthz"), HttpResponse.BodyHandlers.ofString());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(millis)
          .as("/healthz waited %d ms behind /readyz and /metrics", millis)
          .isLessThan(1000);
      release.countDown();
      for (CompletableFuture<HttpResponse<String>> r : slow) {
        assertThat(r.get(20, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
      }
      assertThat(slow.stream().filter(r -> r.join().statusCode() == 200).count())
          .as("the slow requests that fit the pool are answered once they finish")
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void slowRequestsBeyondThePoolAreTurnedAwayAtOnceWith503() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HttpEndpoints endpoints =
        new HttpEndpoints(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                () -> Probe.ok("ok"),
                () -> slowly(release, Probe.ok("ready")),
                () -> "")
            .start()) {
      int port = endpoints.port();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      int beyond = 2 + HttpEndpoints.SLOW_QUEUE + 3;
      for (int i = 0; i < beyond; i++) {
        slow.add(http.sendAsync(request(port, "/readyz"), HttpResponse.BodyHandlers.ofString()));
      }
      long busy =
          CompletableFuture.anyOf(slow.toArray(CompletableFuture[]::new))
              .thenApply(x -> slow.stream().filter(CompletableFuture::isDone).count())
              .get(10, TimeUnit.SECONDS);
      assertThat(busy).as("some were answered before any slow probe finished").isPositive();
      assertThat(slow.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join))
          .allMatch(r -> r.statusCode() == 503 && r.body().contains("busy"));
      release.countDown();
      for (CompletableFuture<HttpResponse<String>> r : slow) {
        assertThat(r.get(20, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
      }
    }
  }

  private static <T> T slowly(CountDownLatch release, T value) {
    try {
      release.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return value;
  }
}
