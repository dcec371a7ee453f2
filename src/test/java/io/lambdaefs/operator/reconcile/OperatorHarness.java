package io.lambdaefs.operator.reconcile;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountSpec;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.cli.EmbeddedKubernetes;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * One fresh world for operator tests: an in-process Kubernetes API (fabric8 mock server, CRUD), a
 * simulated AWS account with short delays, and the operator between them. Closing it stops all three.
 */
public final class OperatorHarness implements AutoCloseable {
  /** Short enough that a resource converges in a few seconds; long enough to see InProgress. */
  public static final Duration LAMBDA_UPDATE_DELAY = Duration.ofMillis(200);
  public static final Duration ACCESS_POINT_CREATE_DELAY = Duration.ofMillis(100);
  public static final Duration POLL_INTERVAL = Duration.ofMillis(300);
  public static final Duration SLOW_RECHECK = Duration.ofSeconds(2);
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final SimulatedAws sim;
  private final EmbeddedKubernetes kubernetes;
  private final OperatorSettings settings;
  private OperatorRuntime operator;
  private KubernetesClient operatorClient;

  private OperatorHarness(String worldYaml, String worldName, Duration slowRecheck) {
    sim = SimulatedAws.fromWorldYaml(worldYaml, worldName);
    sim.settings().lambdaUpdateDelay(LAMBDA_UPDATE_DELAY).accessPointCreateDelay(ACCESS_POINT_CREATE_DELAY);
    kubernetes = new EmbeddedKubernetes();
    settings = new OperatorSettings(Set.of(), null, POLL_INTERVAL, slowRecheck);
  }

  /** examples/world.yaml, operator running. */
  public static OperatorHarness start() {
    return start(prepare());
  }

  /** A world of src/test/resources/worlds/, operator running. */
  public static OperatorHarness startWithWorld(String testWorld) {
    return startWithWorld(testWorld, SLOW_RECHECK);
  }

  /** Like {@link #startWithWorld(String)}, rechecking stalled resources only after {@code slowRecheck}. */
  public static OperatorHarness startWithWorld(String testWorld, Duration slowRecheck) {
    String resource = "worlds/" + testWorld;
    return start(new OperatorHarness(ExampleMounts.classpath(resource), resource, slowRecheck));
  }

  /** The world, without the operator yet (to change AWS out of band first); call {@link #startOperator()}. */
  public static OperatorHarness prepare() {
    return new OperatorHarness(ExampleMounts.exampleWorld(), "examples/world.yaml", SLOW_RECHECK);
  }

  private static OperatorHarness start(OperatorHarness h) {
    try {
      return h.startOperator();
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  /** Starts an operator on a new client of the same API server, as a new process would. */
  public OperatorHarness startOperator() {
    if (operator != null) {
      throw new IllegalStateException("the operator is already running");
    }
    operatorClient = kubernetes.newClient();
    operator = new OperatorRuntime(operatorClient, new SimClientFactory(sim), settings, Clock.systemUTC()).start();
    return this;
  }

  /** Stops the operator as a crash would: nothing it does afterwards reaches AWS or the API server. */
  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operatorClient.close();
      operator = null;
      operatorClient = null;
    }
  }

  public SimulatedAws sim() {
    return sim;
  }

  public KubernetesClient client() {
    return kubernetes.client();
  }

  public LambdaEfsMount create(LambdaEfsMount mount) {
    return client().resource(mount).create();
  }

  public LambdaEfsMount get(String name) {
    return resource(name).get();
  }

  /** Changes the spec, as `kubectl edit` would (the generation goes up). */
  public LambdaEfsMount editSpec(String name, Consumer<LambdaEfsMountSpec> change) {
    return resource(name).edit(m -> {
      change.accept(m.getSpec());
      return m;
    });
  }

  public void delete(String name) {
    resource(name).delete();
  }

  /** Waits until the resource is gone from the API server (the finalizer was removed). */
  public void awaitGone(String name) {
    await("LambdaEfsMount " + name + " to be gone").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> get(name) == null);
  }

  /** Waits until Ready is True for the current generation, and returns the resource. */
  public LambdaEfsMount awaitReady(String name) {
    return awaitCondition(name, Conditions.READY, "True");
  }

  /** Waits until the condition has the status for the current generation, and returns the resource. */
  public LambdaEfsMount awaitCondition(String name, String type, String status) {
    return await(name + " " + type + "=" + status).atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
        .until(() -> get(name), m -> m != null && m.getStatus() != null
            && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
            && condition(m, type).map(c -> status.equals(c.getStatus())).orElse(false));
  }

  /**
   * Asserts that for {@code period} the operator keeps polling the resource (GetFunction calls go up)
   * without writing to AWS or changing the resource (its resourceVersion stays).
   */
  public void assertSteady(String name, Duration period) {
    String resourceVersion = get(name).getMetadata().getResourceVersion();
    int writes = sim.calls().writes();
    int polls = sim.calls().count("Lambda:GetFunction");
    await(name + " to stay as it is").during(period).atMost(period.plusSeconds(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> sim.calls().writes() == writes
            && resourceVersion.equals(get(name).getMetadata().getResourceVersion()));
    long reconciles = sim.calls().count("Lambda:GetFunction") - polls;
    if (reconciles < period.toMillis() / POLL_INTERVAL.toMillis() / 2) {
      throw new AssertionError("only " + reconciles + " reconciles of " + name + " in " + period
          + " with a poll interval of " + POLL_INTERVAL);
    }
  }

  public static Optional<Condition> condition(LambdaEfsMount m, String type) {
    return m.getStatus() == null ? Optional.empty() : Conditions.find(m.getStatus().getConditions(), type);
  }

  /** The access points of the file system the operator created for this resource (tagged with its uid). */
  public List<AccessPointDescription> ownedAccessPoints(String fileSystemId, String uid) {
    return sim.inspect().accessPoints(fileSystemId).stream()
        .filter(ap -> ap.tags().stream().anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid)))
        .toList();
  }

  /** NFS rules (TCP 2049) of a security group in one direction. */
  public List<SecurityGroupRule> nfsRules(String groupId, boolean egress) {
    return sim.inspect().rules(groupId).stream()
        .filter(r -> r.isEgress() == egress && "tcp".equals(r.ipProtocol()) && r.fromPort() != null
            && r.fromPort() <= 2049 && r.toPort() >= 2049)
        .toList();
  }

  private Resource<LambdaEfsMount> resource(String name) {
    return client().resources(LambdaEfsMount.class).inNamespace(ExampleMounts.NAMESPACE).withName(name);
  }

  @Override
  public void close() {
    try {
      stopOperator();
    } finally {
      kubernetes.close();
    }
  }
}
