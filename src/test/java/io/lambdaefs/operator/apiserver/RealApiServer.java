package io.lambdaefs.operator.apiserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real-API-server tier: one kube-apiserver and etcd for the whole test run (started on first
 * use, stopped when the run ends), handed to tests as a {@link Cluster} parameter. When the
 * binaries are missing it builds them with hack/kube-apiserver.sh, as Maven's process-test-classes
 * phase does: the tier never skips.
 */
public final class RealApiServer implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealApiServer.class);

  /** The Kubernetes release hack/kube-apiserver/go.mod pins, e.g. 1.34.4. */
  static final String VERSION = pinnedVersion();

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Cluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Cluster.class, k -> Cluster.start(binaries()), Cluster.class);
  }

  /**
   * The API server outlives each test: what a failed test left (a LambdaEfsMount held by its
   * finalizer) is removed, so that the failure stays that test's and does not become the next
   * one's.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    Cluster cluster = context.getRoot().getStore(NAMESPACE).get(Cluster.class, Cluster.class);
    if (cluster != null) {
      List<String> removed = cluster.removeLeftoverMounts();
      if (!removed.isEmpty()) {
        System.err.println(
            context.getDisplayName() + " left LambdaEfsMounts behind, removed: " + removed);
      }
    }
  }

  /**
   * The directory kube-api-test reads binaries from ({@code k8s/<version>-linux-amd64/} inside),
   * built first if they are missing.
   */
  static Path binaries() {
    String dir = System.getenv("KUBE_API_TEST_DIR");
    Path root =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("user.home"), ".kubeapitest")
            : Path.of(dir);
    Path versionDir = root.resolve("k8s").resolve(VERSION + "-linux-amd64");
    boolean complete =
        List.of("kube-apiserver", "etcd", "kubectl").stream()
            .allMatch(b -> Files.isExecutable(versionDir.resolve(b)));
    if (!complete) {
      build();
    }
    return root;
  }

  private static void build() {
    try {
      Path log = Files.createTempFile("kube-apiserver-build", ".log");
      System.out.println("building kube-apiserver and etcd: hack/kube-apiserver.sh, log " + log);
      Process script =
          new ProcessBuilder("bash", "hack/kube-apiserver.sh")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!script.waitFor(60, TimeUnit.MINUTES) || script.exitValue() != 0) {
        script.destroyForcibly();
        throw new IllegalStateException(
            "hack/kube-apiserver.sh failed; the real-API-server tests need its binaries:\n"
                + Files.readString(log));
      }
      System.out.print(Files.readString(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String pinnedVersion() {
    try {
      return Files.readAllLines(Path.of("hack/kube-apiserver/go.mod")).stream()
          .map(String::trim)
          .filter(l -> l.startsWith("k8s.io/kubernetes v"))
          .map(l -> l.substring("k8s.io/kubernetes v".length()).split("\\s")[0])
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no k8s.io/kubernetes in go.mod"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
