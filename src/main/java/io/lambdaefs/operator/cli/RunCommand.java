package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsRateLimits;
import io.lambdaefs.operator.aws.SdkClientFactory;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.runtime.LeaderElection;
import io.lambdaefs.operator.runtime.RuntimeSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The operator itself: the current kubeconfig or in-cluster config, and real AWS (or, with {@code
 * --simulated-aws}, a simulated account).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against the current Kubernetes cluster and AWS (the container's command).")
public final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--namespaces",
      defaultValue = "${env:WATCH_NAMESPACES:-}",
      split = ",",
      description = "Namespaces to watch, comma-separated; empty = all (env WATCH_NAMESPACES).")
  String[] namespaces;

  @Option(
      names = "--label-selector",
      defaultValue = "${env:LABEL_SELECTOR:-}",
      description = "Only reconcile resources matching this label selector (env LABEL_SELECTOR).")
  String labelSelector;

  @Option(
      names = "--region",
      defaultValue = "${env:AWS_REGION:-}",
      description =
          "Default AWS Region for resources without spec.region (env AWS_REGION; default: the AWS"
              + " SDK's Region chain: AWS_REGION, the profile, EC2 instance metadata).")
  String region;

  @Option(
      names = "--aws-endpoint",
      defaultValue = "${env:AWS_ENDPOINT_URL:-}",
      description = "AWS endpoint override, e.g. LocalStack or moto (env AWS_ENDPOINT_URL).")
  String endpoint;

  @Option(
      names = "--poll-interval",
      defaultValue = "${env:POLL_INTERVAL:-5m}",
      converter = DurationConverter.class,
      description =
          "How often an in-sync resource is checked for drift, with jitter (env POLL_INTERVAL; default ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--aws-rate-limits",
      defaultValue = "${env:AWS_RATE_LIMITS:-}",
      description =
          "The operator's own pace of AWS calls per API family, for each account and Region, as"
              + " family=rate[/burst],... e.g. lambda-control=5,ec2-describe=10/50 (env"
              + " AWS_RATE_LIMITS; default: nine tenths of AWS's limits, see the README).")
  String rateLimits;

  @Option(
      names = "--reconcile-threads",
      defaultValue = "${env:RECONCILE_THREADS:-50}",
      description =
          "How many resources are reconciled at once (env RECONCILE_THREADS; default"
              + " ${DEFAULT-VALUE}).")
  int reconcileThreads;

  @Option(
      names = "--http-port",
      defaultValue = "${env:HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics; 0 = no HTTP server (env HTTP_PORT; default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--leader-election",
      arity = "1",
      defaultValue = "${env:LEADER_ELECTION:-true}",
      description =
          "Reconcile only while holding the Lease "
              + LeaderElection.LEASE_NAME
              + ", so that replicas can run as standbys (env LEADER_ELECTION; default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:LEASE_NAMESPACE:-}",
      description =
          "Namespace of the Lease (env LEASE_NAMESPACE; default: the namespace of the in-cluster or kubeconfig context).")
  String leaseNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME:-}",
      description = "This replica's name in the Lease (env POD_NAME; default: the host name).")
  String identity;

  @Option(
      names = "--simulated-aws",
      paramLabel = "WORLD.yaml",
      description =
          "Instead of AWS, a simulated account seeded from this world file: try the operator on any "
              + "cluster without an AWS account.")
  Path simulatedAws;

  @Mixin LoggingOptions logging;

  /** Exit code when the operator cannot start: configuration, cluster or AWS Region. */
  static final int CANNOT_START = 2;

  @Mixin TenancyOptions tenancy;

  @Override
  public Integer call() throws InterruptedException, IOException {
    logging.apply();
    Logger log = LoggerFactory.getLogger(RunCommand.class);
    if (region == null || region.isBlank()) {
      region = SdkClientFactory.regionFromSdkChain().orElse(null);
    }
    Set<String> watched =
        namespaces == null
            ? Set.of()
            : Arrays.stream(namespaces)
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    Tenancy who;
    OperatorSettings settings;
    try {
      who = tenancy.tenancy();
      if (reconcileThreads < 1) {
        throw new IllegalArgumentException(
            "--reconcile-threads (RECONCILE_THREADS, Helm reconcileThreads) must be at least 1,"
                + " not "
                + reconcileThreads);
      }
      settings =
          new OperatorSettings(
                  watched,
                  labelSelector.isBlank() ? null : labelSelector,
                  pollInterval,
                  OperatorSettings.defaults().slowRecheck(),
                  who)
              .withRateLimits(rateLimits(rateLimits))
              .withReconcileThreads(reconcileThreads);
    } catch (IllegalArgumentException e) {
      System.err.println("run: " + e.getMessage());
      return CANNOT_START;
    }
    URI endpointUri = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
    CountDownLatch closed = new CountDownLatch(1);
    OperatorRuntime runtime = null;
    try (KubernetesClient client = OperatorRuntime.kubernetesClient(Config.autoConfigure(null));
        AwsClientFactory aws =
            simulatedAws == null
                ? new SdkClientFactory(region, endpointUri)
                : new SimulatedAccount(simulatedAws, !settings.tenancy().namespaceTagsRequired())) {
      Optional<String> unusable = ClusterCheck.problem(client);
      if (unusable.isPresent()) {
        System.err.println(
            "run: "
                + unusable.get()
                + (unusable.get().startsWith("cannot reach")
                    ? ". To try the operator without a cluster: lambda-efs-operator demo"
                    : ""));
        return CANNOT_START;
      }
      LeaderElection election = null;
      if (leaderElection) {
        election = election(client);
        if (election == null) {
          System.err.println(
              "run: leader election needs the Lease's namespace and "
                  + ClusterCheck.source(client.getConfiguration())
                  + " names none: set --lease-namespace (env LEASE_NAMESPACE), or run with"
                  + " --leader-election=false");
          return CANNOT_START;
        }
      }
      if (region == null && simulatedAws == null) {
        System.err.println(
            "run: no AWS Region: set --region or AWS_REGION (the Helm value aws.region), or a"
                + " Region in the AWS profile");
        return CANNOT_START;
      }
      RuntimeSettings runtimeSettings =
          new RuntimeSettings(election, httpPort == 0 ? null : new InetSocketAddress(httpPort));
      runtime = new OperatorRuntime(client, aws, settings, runtimeSettings, Clock.systemUTC());
      OperatorRuntime stoppable = runtime;
      // SIGTERM: stop reconciling and release the Lease while the client is still open, then let
      // this
      // thread close the clients before the JVM halts.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("shutting down");
                    stoppable.close();
                    try {
                      closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "shutdown"));
      runtime.start();
      log.info(
          "watching LambdaEfsMount in {} (default Region {}, poll interval {}, AWS rate limits {},"
              + " {} reconcile threads, {}, {}, {})",
          watched.isEmpty() ? "all namespaces" : watched,
          region,
          pollInterval,
          settings.rateLimits(),
          settings.reconcileThreads(),
          describe(settings.tenancy()),
          runtimeSettings
              .leaderElectionIfEnabled()
              .map(
                  le ->
                      "leader election as "
                          + le.identity()
                          + " with Lease "
                          + le.leaseNamespace()
                          + "/"
                          + le.leaseName())
              .orElse("no leader election"),
          runtime.httpPort().stream()
              .mapToObj(p -> "HTTP on port " + p)
              .findFirst()
              .orElse("no HTTP server"));
      runtime.awaitTermination();
    } finally {
      if (runtime != null) {
        runtime.close();
      }
      closed.countDown();
    }
    // A lost Lease: exit non-zero so that Kubernetes restarts the pod, which rejoins as a standby.
    return runtime.leadershipLost() ? 1 : 0;
  }

  private static String describe(Tenancy t) {
    return (t.namespaceTagsRequired()
            ? "namespace tags required"
            : "namespace tags NOT required (single tenant)")
        + ", "
        + (t.allowedRoles().isEmpty()
            ? "no role to assume"
            : "roles allowed for " + t.allowedRoles().keySet());
  }

  /** The Lease to hold, or null when no namespace for it is known. */
  private LeaderElection election(KubernetesClient client) {
    String namespace =
        leaseNamespace == null || leaseNamespace.isBlank() ? client.getNamespace() : leaseNamespace;
    if (namespace == null || namespace.isBlank()) {
      return null;
    }
    return LeaderElection.of(
        namespace, identity == null || identity.isBlank() ? hostName() : identity);
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "no POD_NAME and no host name for the leader election identity", e);
    }
  }

  /** The default rates with the operator's overrides; a bad entry is named in the error. */
  static AwsRateLimits rateLimits(String overrides) {
    try {
      return AwsRateLimits.defaults().with(overrides);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "AWS rate limits (--aws-rate-limits, AWS_RATE_LIMITS, Helm awsRateLimits): "
              + e.getMessage(),
          e);
    }
  }
}
