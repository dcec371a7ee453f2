package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountSpec;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.cli.EmbeddedKubernetes;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.runtime.RuntimeSettings;
import io.lambdaefs.operator.status.Conditions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;

/**
 * One fresh world for operator tests: an in-process Kubernetes API (fabric8 mock server, CRUD), a
 * simulated AWS account with short delays, and the operator between them. Closing it stops all
 * three. Registered as a test's extension ({@code @RegisterExtension final OperatorHarness harness
 * = OperatorHarness.start();}) it is closed after each test.
 */
public final class OperatorHarness implements AutoCloseable, AfterEachCallback {
  /** Short enough that a resource converges in a few seconds; long enough to see InProgress. */
  public static final Duration LAMBDA_UPDATE_DELAY = Duration.ofMillis(200);

  public static final Duration ACCESS_POINT_CREATE_DELAY = Duration.ofMillis(100);
  public static final Duration POLL_INTERVAL = Duration.ofMillis(300);
  public static final Duration SLOW_RECHECK = Duration.ofSeconds(2);
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long an out-of-band change may take to show in the status: a poll interval (plus jitter), a
   * reconcile and a status patch, with room for a loaded two-core machine. Far below {@link
   * #TIMEOUT}.
   */
  public static final Duration DRIFT_SEEN_WITHIN = Duration.ofSeconds(5);

  /** The User-Agent of the operator's requests to the API server. */
  public static final String OPERATOR_USER_AGENT = "lambda-efs-operator-under-test";

  private final SimulatedAws sim;
  private final EmbeddedKubernetes kubernetes;
  private OperatorSettings settings;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private OperatorRuntime operator;
  private KubernetesClient operatorClient;
  private ApiServerLink link;
  private RuntimeSettings runtime = RuntimeSettings.embedded();

  private OperatorHarness(String worldYaml, String worldName, Duration slowRecheck) {
    this(worldYaml, worldName, POLL_INTERVAL, slowRecheck);
  }

  private OperatorHarness(
      String worldYaml, String worldName, Duration pollInterval, Duration slowRecheck) {
    sim = SimulatedAws.fromWorldYaml(worldYaml, worldName);
    sim.settings()
        .lambdaUpdateDelay(LAMBDA_UPDATE_DELAY)
        .accessPointCreateDelay(ACCESS_POINT_CREATE_DELAY);
    kubernetes = new EmbeddedKubernetes();
    settings = new OperatorSettings(Set.of(), null, pollInterval, slowRecheck);
  }

  /**
   * A world of src/test/resources/worlds/ without the operator yet, polled every {@code
   * pollInterval}.
   */
  public static OperatorHarness prepareWithWorld(String testWorld, Duration pollInterval) {
    String resource = "worlds/" + testWorld;
    return new OperatorHarness(
        ExampleMounts.classpath(resource), resource, pollInterval, SLOW_RECHECK);
  }

  /** examples/world.yaml, operator running. */
  public static OperatorHarness start() {
    return start(prepare());
  }

  /** A world of src/test/resources/worlds/, operator running. */
  public static OperatorHarness startWithWorld(String testWorld) {
    return startWithWorld(testWorld, SLOW_RECHECK);
  }

  /**
   * Like {@link #startWithWorld(String)}, rechecking stalled resources only after {@code
   * slowRecheck}.
   */
  public static OperatorHarness startWithWorld(String testWorld, Duration slowRecheck) {
    String resource = "worlds/" + testWorld;
    return start(new OperatorHarness(ExampleMounts.classpath(resource), resource, slowRecheck));
  }

  /**
   * A world of src/test/resources/worlds/ without the operator yet (to configure its tenancy or
   * change AWS first); call {@link #startOperator()}.
   */
  public static OperatorHarness prepareWorld(String testWorld) {
    String resource = "worlds/" + testWorld;
    return new OperatorHarness(ExampleMounts.classpath(resource), resource, SLOW_RECHECK);
  }

  /** Runs the operator with this tenancy (before {@link #startOperator()}). */
  public OperatorHarness withTenancy(Tenancy tenancy) {
    settings = settings.withTenancy(tenancy);
    return this;
  }

  /**
   * The world, without the operator yet (to change AWS out of band first); call {@link
   * #startOperator()}.
   */
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
    return startOperator(UnaryOperator.identity());
  }

  /** Starts an operator whose AWS clients are the simulated account's as {@code aws} wraps them. */
  public OperatorHarness startOperator(UnaryOperator<AwsClientFactory> aws) {
    if (operator != null) {
      throw new IllegalStateException("the operator is already running");
    }
    KubernetesClient direct = kubernetes.newClient();
    // The operator's requests say who sent them, so that an interceptor can tell them from the
    // test's own.
    ConfigBuilder config =
        new ConfigBuilder(direct.getConfiguration()).withUserAgent(OPERATOR_USER_AGENT);
    if (link != null) {
      config.withMasterUrl(link.url());
    }
    direct.close();
    operatorClient = new KubernetesClientBuilder().withConfig(config.build()).build();
    operator =
        new OperatorRuntime(
                operatorClient,
                aws.apply(new SimClientFactory(sim)),
                settings,
                runtime,
                Clock.systemUTC())
            .start();
    return this;
  }

  /**
   * Operators started from now on reach the API server through a link the test can cut; returns it.
   */
  public ApiServerLink linkToApiServer() {
    link = new ApiServerLink(kubernetes.client().getConfiguration().getMasterUrl());
    return link;
  }

  /** Operators started from now on serve /healthz, /readyz and /metrics on a free port. */
  public OperatorHarness servingHttp() {
    runtime = new RuntimeSettings(null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return this;
  }

  /** The operator running now; null when stopped. */
  public OperatorRuntime operator() {
    return operator;
  }

  /**
   * Stops the operator as a crash would: nothing it does afterwards reaches AWS or the API server.
   */
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

  /** The API server, to put an interceptor in front of it. */
  public EmbeddedKubernetes kubernetes() {
    return kubernetes;
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
    return resource(name)
        .edit(
            m -> {
              change.accept(m.getSpec());
              return m;
            });
  }

  public void delete(String name) {
    resource(name).delete();
  }

  /** Removes the resource's status, as a restore from a backup (Velero) leaves it. */
  public void deleteStatus(String name) {
    LambdaEfsMount m = get(name);
    m.setStatus(null);
    resource(name).replaceStatus(m);
  }

  /** Waits until the resource is gone from the API server (the finalizer was removed). */
  public void awaitGone(String name) {
    await("LambdaEfsMount " + name + " to be gone")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(name) == null);
  }

  /** Waits until Ready is True for the current generation, and returns the resource. */
  public LambdaEfsMount awaitReady(String name) {
    return awaitCondition(name, Conditions.READY, "True");
  }

  /**
   * Waits until the condition has the status for the current generation, and returns the resource.
   */
  public LambdaEfsMount awaitCondition(String name, String type, String status) {
    return await(name + " " + type + "=" + status)
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> get(name),
            m ->
                m != null
                    && m.getStatus() != null
                    && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
                    && condition(m, type).map(c -> status.equals(c.getStatus())).orElse(false));
  }

  /** Like {@link #awaitCondition(String, String, String)}, but failing after {@code within}. */
  public LambdaEfsMount awaitCondition(String name, String type, String status, Duration within) {
    return await(name + " " + type + "=" + status + " within " + within)
        .atMost(within)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> get(name),
            m ->
                m != null
                    && m.getStatus() != null
                    && m.getMetadata().getGeneration().equals(m.getStatus().getObservedGeneration())
                    && condition(m, type).map(c -> status.equals(c.getStatus())).orElse(false));
  }

  /**
   * Sets spec.driftPolicy, as `kubectl edit` would, and waits until the operator has reported on
   * the new generation, so the policy is known to be in force. Returns the resource as then
   * reported.
   */
  public LambdaEfsMount setDriftPolicy(String name, DriftPolicy policy) {
    long generation = editSpec(name, s -> s.setDriftPolicy(policy)).getMetadata().getGeneration();
    return await(name + " generation " + generation + " observed")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> get(name),
            m ->
                m.getStatus() != null
                    && m.getStatus().getObservedGeneration() != null
                    && m.getStatus().getObservedGeneration() >= generation);
  }

  /**
   * Starts recording every version of the resource the API server hands out (a watch), so a state
   * that lasts only until the next reconcile (Drifted=True while the operator corrects it) is seen
   * however briefly it lasted. Closed with the harness.
   */
  public History watch(String name) {
    History history = new History();
    history.watch =
        resource(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, LambdaEfsMount m) {
                    history.seen.add(m);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    watches.add(history.watch);
    return history;
  }

  /**
   * The versions of one resource seen by {@link #watch(String)}, in the order the API server sent
   * them.
   */
  public static final class History {
    private final List<LambdaEfsMount> seen = new CopyOnWriteArrayList<>();
    private Watch watch;

    private int next;

    /** Every version seen so far. */
    public List<LambdaEfsMount> all() {
      return List.copyOf(seen);
    }

    /**
     * Waits until a version matching {@code what} is seen after the one the previous call returned
     * (the watch may start with the version current when it began), and returns the first such
     * version.
     */
    public LambdaEfsMount awaitSeen(
        String description, Predicate<LambdaEfsMount> what, Duration within) {
      int found =
          await(description)
              .atMost(within)
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () -> {
                    for (int i = next; i < seen.size(); i++) {
                      if (seen.get(i).getStatus() != null && what.test(seen.get(i))) {
                        return i;
                      }
                    }
                    return -1;
                  },
                  i -> i >= 0);
      next = found + 1;
      return seen.get(found);
    }
  }

  /**
   * The Events posted about the resource (by involvedObject.name), oldest first as the API lists
   * them.
   */
  public List<Event> events(String name) {
    return client().v1().events().inNamespace(ExampleMounts.NAMESPACE).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** The Events about the resource with this type (Normal, Warning) and reason. */
  public List<Event> events(String name, String type, String reason) {
    return events(name).stream()
        .filter(e -> type.equals(e.getType()) && reason.equals(e.getReason()))
        .toList();
  }

  /**
   * Waits until an Event of this type and reason about the resource exists, and returns the first
   * one.
   */
  public Event awaitEvent(String name, String type, String reason, Duration within) {
    return await(type + " Event " + reason + " about " + name)
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> events(name, type, reason), l -> !l.isEmpty())
        .get(0);
  }

  /**
   * Asserts that for {@code period} nothing is written to AWS, while the operator keeps polling
   * (GetFunction calls go up), and returns the calls counted meanwhile per operation.
   */
  public Map<String, Integer> assertNoAwsWrites(Duration period) {
    Map<String, Integer> before = sim.calls().snapshot();
    int writes = sim.calls().writes();
    letTimePass(period);
    assertThat(sim.calls().writes())
        .as("AWS writes during %s: %s", period, sim.calls())
        .isEqualTo(writes);
    Map<String, Integer> during = new TreeMap<>();
    sim.calls()
        .snapshot()
        .forEach(
            (op, n) -> {
              int delta = n - before.getOrDefault(op, 0);
              if (delta > 0) {
                during.put(op, delta);
              }
            });
    if (during.getOrDefault("Lambda:GetFunction", 0)
        < period.toMillis() / POLL_INTERVAL.toMillis() / 2) {
      throw new AssertionError("the operator hardly polled AWS in " + period + ": " + during);
    }
    return during;
  }

  /**
   * Asserts that for {@code period} the operator keeps polling the resource (GetFunction calls go
   * up) without writing to AWS or changing the resource (its resourceVersion stays).
   */
  public void assertSteady(String name, Duration period) {
    LambdaEfsMount before = get(name);
    String resourceVersion = before.getMetadata().getResourceVersion();
    int writes = sim.calls().writes();
    Map<String, Integer> callsBefore = sim.calls().snapshot();
    int polls = sim.calls().count("Lambda:GetFunction");
    letTimePass(period);
    LambdaEfsMount after = get(name);
    // Writes and resourceVersion only grow: equal at the end means nothing changed in between.
    if (sim.calls().writes() != writes
        || !resourceVersion.equals(after.getMetadata().getResourceVersion())) {
      // Say what moved: an AWS write, or the resource (and how its status differs).
      Map<String, Integer> delta = new TreeMap<>();
      sim.calls()
          .snapshot()
          .forEach(
              (op, n) -> {
                if (n > callsBefore.getOrDefault(op, 0)) {
                  delta.put(op, n - callsBefore.getOrDefault(op, 0));
                }
              });
      throw new AssertionError(
          name
              + " did not stay as it is: calls "
              + delta
              + "\nstatus before "
              + client().getKubernetesSerialization().asYaml(before.getStatus())
              + "\nstatus after "
              + client().getKubernetesSerialization().asYaml(after.getStatus()));
    }
    long reconciles = sim.calls().count("Lambda:GetFunction") - polls;
    if (reconciles < period.toMillis() / POLL_INTERVAL.toMillis() / 2) {
      throw new AssertionError(
          "only "
              + reconciles
              + " reconciles of "
              + name
              + " in "
              + period
              + " with a poll interval of "
              + POLL_INTERVAL);
    }
  }

  /**
   * Lets the operator work for {@code period} (no assertion: callers compare counters that only
   * grow).
   */
  public static void letTimePass(Duration period) {
    await("time to pass").pollDelay(period).atMost(period.plusSeconds(10)).until(() -> true);
  }

  public static Optional<Condition> condition(LambdaEfsMount m, String type) {
    return m.getStatus() == null
        ? Optional.empty()
        : Conditions.find(m.getStatus().getConditions(), type);
  }

  /**
   * The access points of the file system the operator created for this resource (tagged with its
   * uid).
   */
  public List<AccessPointDescription> ownedAccessPoints(String fileSystemId, String uid) {
    return sim.inspect().accessPoints(fileSystemId).stream()
        .filter(
            ap ->
                ap.tags().stream()
                    .anyMatch(
                        t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid)))
        .toList();
  }

  /** NFS rules (TCP 2049) of a security group in one direction. */
  public List<SecurityGroupRule> nfsRules(String groupId, boolean egress) {
    return sim.inspect().rules(groupId).stream()
        .filter(
            r ->
                r.isEgress() == egress
                    && "tcp".equals(r.ipProtocol())
                    && r.fromPort() != null
                    && r.fromPort() <= 2049
                    && r.toPort() >= 2049)
        .toList();
  }

  /** A resource by its name in the namespace default, or by {@code namespace/name}. */
  private Resource<LambdaEfsMount> resource(String name) {
    int slash = name.indexOf('/');
    return client()
        .resources(LambdaEfsMount.class)
        .inNamespace(slash < 0 ? ExampleMounts.NAMESPACE : name.substring(0, slash))
        .withName(name.substring(slash + 1));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    try {
      watches.forEach(Watch::close);
      stopOperator();
    } finally {
      if (link != null) {
        link.close();
      }
      kubernetes.close();
    }
  }
}
