package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded Kubernetes API of {@link EmbeddedKubernetes} in a process of its own, so that the
 * benchmark measures the operator's memory apart from the API server's (which keeps every resource,
 * and every version of it, in memory). The child prints its URL and runs until its standard input
 * closes.
 */
final class ApiServerProcess implements AutoCloseable {
  private static final String READY = "api-server ";

  private final Process process;
  private final KubernetesClient client;

  private ApiServerProcess(Process process, String url) {
    this.process = process;
    Config config =
        new ConfigBuilder()
            .withMasterUrl(url)
            .withTrustCerts(true)
            .withNamespace("default")
            .withRequestTimeout(60_000)
            .build();
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  /** Starts the child with this process's Java and class path; returns once it listens. */
  static ApiServerProcess start() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-DLOG_LEVEL=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ApiServerProcess.class.getName()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith(READY)) {
        // Whatever the child prints later is read and dropped, so that it never blocks on a pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (lines.readLine() != null) {
                      // dropped
                    }
                  } catch (IOException ended) {
                    // the child is gone
                  }
                },
                "api-server-output");
        drain.setDaemon(true);
        drain.start();
        return new ApiServerProcess(p, line.substring(READY.length()).trim());
      }
    }
    p.destroyForcibly();
    throw new IOException("the embedded API server process ended before it listened");
  }

  KubernetesClient client() {
    return client;
  }

  /** The child's resident memory, MiB; -1 when the system does not tell (no /proc). */
  double rssMiB() {
    return rssMiB(Path.of("/proc", String.valueOf(process.pid()), "status"));
  }

  /** This process's resident memory, MiB; -1 when the system does not tell. */
  static double ownRssMiB() {
    return rssMiB(Path.of("/proc/self/status"));
  }

  private static double rssMiB(Path status) {
    try {
      for (String l : Files.readAllLines(status)) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    client.close();
    try (OutputStream in = process.getOutputStream()) {
      in.write('\n');
    } catch (IOException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The child: serves until its standard input closes (or a line arrives). */
  public static void main(String[] args) throws IOException {
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes()) {
      System.out.println(READY + kubernetes.client().getConfiguration().getMasterUrl());
      System.out.flush();
      System.in.read();
    }
    System.exit(0);
  }
}
