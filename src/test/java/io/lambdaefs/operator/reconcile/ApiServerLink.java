package io.lambdaefs.operator.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between an operator and its API server, as a TCP relay a test can cut: every open
 * connection (watches included) is dropped and new ones are closed at once until it is restored, as
 * when the API server is unreachable.
 */
final class ApiServerLink implements AutoCloseable {
  private final URI upstream;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  ApiServerLink(String upstreamUrl) {
    this.upstream = URI.create(upstreamUrl);
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::accept, "api-server-link");
    accept.setDaemon(true);
    accept.start();
  }

  /** The URL the operator is given instead of the API server's. */
  String url() {
    return upstream.getScheme() + "://127.0.0.1:" + listener.getLocalPort() + "/";
  }

  /** The API server becomes unreachable: open connections drop, new ones are refused. */
  void cut() {
    cut = true;
    open.forEach(ApiServerLink::closeQuietly);
    open.clear();
  }

  void restore() {
    cut = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket();
        server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException dropped) {
                // cut, or closed by either end
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "api-server-link-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    cut();
    try {
      listener.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
