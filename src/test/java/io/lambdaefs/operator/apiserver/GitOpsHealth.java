package io.lambdaefs.operator.apiserver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * src/test/go/health-check, built once per test run with the machine's Go: kstatus and Argo CD's
 * health.lua under gopher-lua, the libraries Flux and Argo CD run, applied to objects as the API
 * server returns them.
 */
final class GitOpsHealth {
  private static final Path SOURCE = Path.of("src/test/go/health-check");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path binary;

  /** What each tool concludes about one object. */
  record Health(
      String name, String kstatus, String kstatusMessage, String argocd, String argocdMessage) {}

  private GitOpsHealth() {}

  static List<Health> judge(List<JsonNode> objects) {
    try {
      Path input = Files.createTempFile("objects", ".json");
      Files.writeString(input, JSON.writeValueAsString(objects));
      ProcessBuilder run =
          new ProcessBuilder(binary().toString(), "deploy/argocd/health.lua")
              .redirectInput(input.toFile());
      String out = runAndRead(run, 1);
      Files.delete(input);
      return JSON.readValue(out, new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized Path binary() throws IOException {
    if (binary == null) {
      Path target = Path.of("target", "health-check").toAbsolutePath();
      ProcessBuilder build =
          new ProcessBuilder("go", "build", "-o", target.toString(), ".")
              .directory(SOURCE.toFile());
      build.environment().put("CGO_ENABLED", "0");
      build.environment().put("GOTOOLCHAIN", "local");
      runAndRead(build, 15);
      binary = target;
    }
    return binary;
  }

  private static String runAndRead(ProcessBuilder builder, int minutes) throws IOException {
    Path out = Files.createTempFile("health-check", ".out");
    Path err = Files.createTempFile("health-check", ".err");
    Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(minutes, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", builder.command()) + " failed: " + Files.readString(err));
      }
      return Files.readString(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
