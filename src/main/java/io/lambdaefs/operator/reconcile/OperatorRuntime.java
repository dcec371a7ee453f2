package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.config.OperatorSettings;
import java.time.Clock;

/** Wires one operator: the Kubernetes client, the AWS clients and the settings. No DI container. */
public final class OperatorRuntime implements AutoCloseable {
  private final Operator operator;

  public OperatorRuntime(KubernetesClient client, AwsClientFactory aws, OperatorSettings settings, Clock clock) {
    // The fabric8 mock server (demo, tests) cannot do server-side apply; production uses the same path.
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withCloseClientOnStop(false));
    operator.register(new LambdaEfsMountReconciler(aws, settings, clock), c -> {
      if (!settings.namespaces().isEmpty()) {
        c.settingNamespaces(settings.namespaces());
      }
      if (settings.labelSelector() != null && !settings.labelSelector().isBlank()) {
        c.withLabelSelector(settings.labelSelector());
      }
    });
  }

  public OperatorRuntime start() {
    operator.start();
    return this;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
