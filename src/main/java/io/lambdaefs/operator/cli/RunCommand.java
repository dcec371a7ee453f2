package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lambdaefs.operator.aws.SdkClientFactory;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The operator itself: the current kubeconfig or in-cluster config, and real AWS. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against the current Kubernetes cluster and AWS (the container's command).")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--namespaces", defaultValue = "${env:WATCH_NAMESPACES:-}", split = ",",
      description = "Namespaces to watch, comma-separated; empty = all (env WATCH_NAMESPACES).")
  String[] namespaces;

  @Option(names = "--label-selector", defaultValue = "${env:LABEL_SELECTOR:-}",
      description = "Only reconcile resources matching this label selector (env LABEL_SELECTOR).")
  String labelSelector;

  @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-east-1}",
      description = "Default AWS Region for resources without spec.region (env AWS_REGION; default ${DEFAULT-VALUE}).")
  String region;

  @Option(names = "--aws-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL:-}",
      description = "AWS endpoint override, e.g. LocalStack or moto (env AWS_ENDPOINT_URL).")
  String endpoint;

  @Option(names = "--poll-interval", defaultValue = "${env:POLL_INTERVAL:-5m}", converter = DurationConverter.class,
      description = "How often an in-sync resource is checked for drift, with jitter (env POLL_INTERVAL; default ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Mixin
  LoggingOptions logging;

  @Override
  public Integer call() throws InterruptedException {
    logging.apply();
    var log = LoggerFactory.getLogger(RunCommand.class);
    Set<String> watched = namespaces == null ? Set.of()
        : Arrays.stream(namespaces).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    OperatorSettings settings = new OperatorSettings(watched, labelSelector.isBlank() ? null : labelSelector,
        pollInterval, OperatorSettings.defaults().slowRecheck());
    URI endpointUri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    CountDownLatch stopped = new CountDownLatch(1);
    try (KubernetesClient client = new KubernetesClientBuilder().build();
        SdkClientFactory aws = new SdkClientFactory(region, endpointUri);
        OperatorRuntime runtime = new OperatorRuntime(client, aws, settings, Clock.systemUTC())) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("shutting down");
        runtime.close();
        stopped.countDown();
      }, "shutdown"));
      runtime.start();
      log.info("watching {} in {} (default Region {}, poll interval {})", "LambdaEfsMount",
          watched.isEmpty() ? "all namespaces" : watched, region, pollInterval);
      stopped.await();
    }
    return 0;
  }
}
