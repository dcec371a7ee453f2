package io.lambdaefs.operator.aws.sim;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The moto server the conformance test talks to: the one MOTO_ENDPOINT names (CI starts it), else
 * one this test starts from the machine's Python on a free loopback port and stops afterwards.
 */
public final class MotoServer implements AutoCloseable {
  private final String endpoint;
  private final Process process;

  private MotoServer(String endpoint, Process process) {
    this.endpoint = endpoint;
    this.process = process;
  }

  public static MotoServer start() throws IOException, InterruptedException {
    String given = System.getProperty("MOTO_ENDPOINT", System.getenv("MOTO_ENDPOINT"));
    if (given != null && !given.isBlank()) {
      return new MotoServer(given, null);
    }
    String executable = findOnPath("moto_server");
    if (executable == null) {
      throw new IllegalStateException(
          "moto_server is not on the PATH: install Python moto with its server extra "
              + "(pip install 'moto[server]') or set MOTO_ENDPOINT to a running moto server.");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String endpoint = "http://127.0.0.1:" + port;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto_server exited with " + process.exitValue());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode();
        return new MotoServer(endpoint, process);
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("moto_server did not answer on " + endpoint + " within 30 s");
  }

  public String endpoint() {
    return endpoint;
  }

  private static String findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }
}
