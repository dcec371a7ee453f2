package io.lambdaefs.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /healthz} (liveness), {@code /readyz} (readiness) and {@code /metrics} (Prometheus text)
 * on the JDK's built-in HTTP server: three small GET handlers do not justify a web framework.
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

  private final HttpServer server;
  private final ExecutorService executor;

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
    server.createContext("/healthz", exchange -> probe(exchange, liveness));
    server.createContext("/readyz", exchange -> probe(exchange, readiness));
    server.createContext(
        "/metrics",
        exchange -> {
          if (allowed(exchange)) {
            respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
          }
        });
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "http-endpoints");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
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
