package io.lambdaefs.operator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The jar's main in a JVM of its own, with an environment the test controls (no AWS credentials, no
 * kubeconfig, a HOME of its own): what a user sees on a terminal.
 */
final class MainProcess {
  record Result(int exit, String out, String err, long millis) {}

  private MainProcess() {}

  /**
   * Runs {@code Main args} with only {@code env} (plus PATH and the JVM's own settings), in {@code
   * home}, which is also HOME.
   */
  static Result run(Path home, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return runIn(Path.of("").toAbsolutePath(), home, env, args);
  }

  /** The same, with {@code directory} as the working directory. */
  static Result runIn(Path directory, Path home, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                concat(
                    List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName()),
                    args))
            .directory(directory.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> environment = builder.environment();
    String path = environment.get("PATH");
    environment.clear();
    environment.put("PATH", path == null ? "/usr/bin:/bin" : path);
    environment.put("HOME", home.toString());
    environment.put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
    environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
    environment.putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after 120 s: " + String.join(" ", args));
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private static List<String> concat(List<String> head, String... tail) {
    return Stream.concat(head.stream(), Arrays.stream(tail)).toList();
  }
}
