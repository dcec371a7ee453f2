package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Before {@code run} starts the operator: can the API server be reached with the configuration the
 * client found, and does it serve LambdaEfsMount? Said in one line naming the URL and where the
 * configuration came from, instead of the informers' stack traces.
 */
final class ClusterCheck {
  static final String GROUP_VERSION = "lambdaefs.io/v1alpha1";

  /** Retries of a failed probe: a cluster that is not there should be said so in seconds. */
  static final int PROBE_RETRIES = 2;

  private ClusterCheck() {}

  /** What keeps the operator from starting, in one line; empty when the cluster is usable. */
  static Optional<String> problem(KubernetesClient operatorClient) {
    Config config = operatorClient.getConfiguration();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(config).withRequestRetryBackoffLimit(PROBE_RETRIES).build())
            .build()) {
      return problem(client, config);
    }
  }

  private static Optional<String> problem(KubernetesClient client, Config config) {
    String where =
        "the Kubernetes API server at " + config.getMasterUrl() + " (" + source(config) + ")";
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401) {
        return Optional.of(where + " refused the credentials: 401 Unauthorized");
      }
      if (e.getCode() <= 0) {
        return Optional.of("cannot reach " + where + ": " + cause(e));
      }
      // Any other HTTP answer: the server is there; what follows tells more.
    }
    try {
      APIResourceList resources = client.getApiResources(GROUP_VERSION);
      if (resources == null
          || resources.getResources().stream()
              .noneMatch(r -> "lambdaefsmounts".equals(r.getName()))) {
        return Optional.of(crdMissing(where));
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.of(crdMissing(where));
      }
      if (e.getCode() <= 0) {
        return Optional.of("cannot reach " + where + ": " + cause(e));
      }
    }
    return Optional.empty();
  }

  private static String crdMissing(String where) {
    return where
        + " does not serve "
        + GROUP_VERSION
        + " LambdaEfsMount: install the CRD first (kubectl apply -f "
        + "crds/lambdaefsmounts.lambdaefs.io-v1.yml, or the Helm chart)";
  }

  /** Which configuration the client used: a kubeconfig file, the pod's service account, or none. */
  static String source(Config config) {
    File file = config.getFile();
    if (file != null && file.isFile()) {
      return "kubeconfig " + file;
    }
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null
        && Files.exists(Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH))) {
      return "in-cluster config of the pod's service account";
    }
    String kubeconfig = System.getenv("KUBECONFIG");
    return kubeconfig == null || kubeconfig.isBlank()
        ? "no kubeconfig: KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a"
            + " pod"
        : "KUBECONFIG=" + kubeconfig + " names no readable file";
  }

  /** The network error under the client's wrapping: ConnectException, UnknownHostException... */
  private static String cause(Throwable e) {
    Throwable named = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      named = t;
      boolean wrapper =
          t instanceof KubernetesClientException
              || t.getClass().equals(IOException.class)
              || t instanceof CompletionException
              || t instanceof ExecutionException;
      if (!wrapper) {
        break;
      }
    }
    String message = named.getMessage();
    return named.getClass().getSimpleName()
        + (message == null || message.isBlank()
            ? ""
            : " (" + message.replaceAll("\\s+", " ") + ")");
  }
}
