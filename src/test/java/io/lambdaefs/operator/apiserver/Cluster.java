package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A running kube-apiserver with etcd, both on loopback, RBAC on. Admin access is a client
 * certificate in system:masters; {@link #clientAs} impersonates anyone else, as the operator's
 * ServiceAccount.
 */
public final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {
  // Two loaded cores: etcd and kube-apiserver can take a minute to become ready, more under load.
  private static final int STARTUP_TIMEOUT_MILLIS = 240_000;

  private final Path dir;
  private final KubeAPIServer server;
  private final Path kubeconfig;
  private final KubernetesClient admin;
  private final Path kubectl;
  private boolean crdApplied;
  private boolean closed;

  private Cluster(Path dir, KubeAPIServer server, Path kubeconfig, Path kubectl) {
    this.dir = dir;
    this.server = server;
    this.kubeconfig = kubeconfig;
    this.kubectl = kubectl;
    this.admin = new KubernetesClientBuilder().withConfig(config()).build();
  }

  static Cluster start(Path binaries) {
    try {
      // A directory of its own for the certificates and the kubeconfig (two test runs on one
      // machine must not share them), with the binaries linked in.
      Path dir = Files.createTempDirectory("kubeapitest-");
      Files.createSymbolicLink(dir.resolve("k8s"), binaries.resolve("k8s").toAbsolutePath());
      // Every setting in code: kube-api-test 7.5.2 casts the String of KUBE_API_TEST_OFFLINE_MODE
      // or KUBE_API_TEST_STARTUP_TIMEOUT to Boolean or Integer (a ClassCastException) when a
      // value is not set here.
      KubeAPIServer server =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withTestDir(dir.toString())
                  .withApiServerVersion(RealApiServer.VERSION)
                  .withOfflineMode(true)
                  .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
                  .withWaitForEtcdHealthCheckOnStartup(true)
                  .withUpdateKubeConfig(false)
                  // Loopback only (etcd: see hack/kube-apiserver/etcd/main.go).
                  .withApiServerFlag("--bind-address", "127.0.0.1")
                  .withApiServerFlag("--advertise-address", "127.0.0.1")
                  .build());
      long started = System.nanoTime();
      server.start();
      System.out.printf(
          "kube-apiserver %s ready in %d s%n",
          RealApiServer.VERSION, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      Path kubectl = dir.resolve("k8s").resolve(RealApiServer.VERSION + "-linux-amd64/kubectl");
      return new Cluster(dir, server, kubeconfig, kubectl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The admin client (system:masters). */
  public KubernetesClient client() {
    return admin;
  }

  /** A kubeconfig for the admin, as a user's ~/.kube/config would be. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A new client that acts as {@code user} in {@code groups}, through impersonation. */
  public KubernetesClient clientAs(String user, String... groups) {
    Config config =
        new ConfigBuilder(config())
            .withImpersonateUsername(user)
            .withImpersonateGroups(groups)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A new admin client, as another process would have. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  private Config config() {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Result(int exitCode, String out, String err) {
    public Result succeeded() {
      assertThat(exitCode).as("kubectl exit code; stderr: %s; stdout: %s", err, out).isZero();
      return this;
    }

    /** Like {@link #succeeded()}, saying more on failure (an operator's log, for one). */
    public Result assertedAs(String format, Supplier<String> more) {
      if (exitCode != 0) {
        assertThat(exitCode).as("kubectl failed: %s%s%n" + format, err, out, more.get()).isZero();
      }
      return this;
    }
  }

  /** Runs kubectl against this server, as a user would, and waits for it (at most 3 minutes). */
  public Result kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(dir, "kubectl", ".out");
      Path err = Files.createTempFile(dir, "kubectl", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      Process p = builder.start();
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The example resource (examples/lambdaefsmount.yaml) moved to another namespace, as a file for
   * {@code kubectl apply -f}.
   */
  public Path exampleIn(String namespace) {
    try {
      String example = Files.readString(Path.of("examples/lambdaefsmount.yaml"));
      assertThat(example).contains("  namespace: default\n");
      Path file = Files.createTempFile(dir, "example-" + namespace, ".yaml");
      Files.writeString(
          file, example.replace("  namespace: default\n", "  namespace: " + namespace + "\n"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code kubectl apply -f crds/}, as a user installs the CRD, once per run; waits until it is
   * established.
   */
  public synchronized void applyCrd() {
    if (crdApplied) {
      return;
    }
    kubectl("apply", "-f", "crds/").succeeded();
    kubectl(
            "wait",
            "--for=condition=Established",
            "crd/lambdaefsmounts.lambdaefs.io",
            "--timeout=" + Duration.ofMinutes(1).toSeconds() + "s")
        .succeeded();
    crdApplied = true;
  }

  /** Creates a namespace (if it does not exist yet) and returns its name. */
  public String namespace(String name) {
    if (admin.namespaces().withName(name).get() == null) {
      admin
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    return name;
  }

  /**
   * Removes every LambdaEfsMount a test left behind (a test that failed half-way): its finalizer
   * would hold it, and the next test's operator would find the function taken by it.
   */
  public List<String> removeLeftoverMounts() {
    if (!crdApplied) {
      return List.of();
    }
    var mounts = admin.genericKubernetesResources("lambdaefs.io/v1alpha1", "LambdaEfsMount");
    List<String> removed = new ArrayList<>();
    for (GenericKubernetesResource left : mounts.inAnyNamespace().list().getItems()) {
      var resource =
          mounts
              .inNamespace(left.getMetadata().getNamespace())
              .withName(left.getMetadata().getName());
      resource.edit(
          r -> {
            r.getMetadata().setFinalizers(List.of());
            return r;
          });
      resource.delete();
      removed.add(left.getMetadata().getNamespace() + "/" + left.getMetadata().getName());
    }
    return removed;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    admin.close();
    server.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the run for.
    }
  }
}
