package io.lambdaefs.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /healthz} (liveness), {@code /readyz} (readiness) and {@code /metrics} (Prometheus text)
 * on the JDK's built-in HTTP server: three small GET handlers do not justify a web framework.
 *
 * <p>{@code /healthz} answers on the server's own threads at once; {@code /readyz} and {@code
 * /metrics}, which ask the operator and the registry, run on a separate bounded pool, so however
 * slow they are, a liveness probe never waits behind them (and never restarts a healthy pod). When
 * that pool is full they answer 503 at once.
 */
public final class HttpEndpoints implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** The answer of a probe: healthy or not, and a line a person can read. */
  public record Probe(boolean ok, String detail) {
    public static Probe ok(String detail) {
      return new Probe(true, detail);
    }

    public static Probe failing(String detail) {
      return new Probe(false, detail);
    }
  }

  /** Slow requests in flight or queued beyond which /readyz and /metrics answer 503 at once. */
  static final int SLOW_QUEUE = 8;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ThreadPoolExecutor slow;

  public HttpEndpoints(
      InetSocketAddress address,
      Supplier<Probe> liveness,
      Supplier<Probe> readiness,
      Supplier<String> metrics) {
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + address + " for /healthz, /readyz and /metrics", e);
    }
    slow =
        new ThreadPoolExecutor(
            2,
            2,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(SLOW_QUEUE),
            daemon("http-readyz-metrics"));
    server.createContext("/healthz", exchange -> probe(exchange, liveness));
    server.createContext(
        "/readyz", exchange -> offload(exchange, () -> probe(exchange, readiness)));
    server.createContext(
        "/metrics",
        exchange ->
            offload(
                exchange,
                () -> {
                  if (allowed(exchange)) {
                    respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
                  }
                }));
    executor = Executors.newFixedThreadPool(2, daemon("http-endpoints"));
    server.setExecutor(executor);
  }

  private interface Work {
    void run() throws IOException;
  }

  /** Runs a possibly slow handler on its own pool; the exchange is completed from there. */
  private void offload(HttpExchange exchange, Work work) throws IOException {
    try {
      slow.execute(
          () -> {
            try {
              work.run();
            } catch (IOException | RuntimeException e) {
              exchange.close();
            }
          });
    } catch (RejectedExecutionException busy) {
      respond(exchange, 503, "text/plain; charset=utf-8", "busy: too many slow requests\n");
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public HttpEndpoints start() {
    server.start();
    return this;
  }

  /** The port actually bound (useful when the address asked for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    slow.shutdownNow();
  }

  private static void probe(HttpExchange exchange, Supplier<Probe> check) throws IOException {
    if (allowed(exchange)) {
      Probe p = check.get();
      respond(exchange, p.ok() ? 200 : 503, "text/plain; charset=utf-8", p.detail() + "\n");
    }
  }

  private static boolean allowed(HttpExchange exchange) throws IOException {
    // A context matches every path under it; only the exact path is an endpoint.
    if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
      respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      return false;
    }
    String method = exchange.getRequestMethod();
    if ("GET".equals(method) || "HEAD".equals(method)) {
      return true;
    }
    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
    respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
    return false;
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }
}
