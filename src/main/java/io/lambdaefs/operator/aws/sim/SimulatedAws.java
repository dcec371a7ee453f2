package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.Simulation.Session;
import io.lambdaefs.operator.aws.sim.World.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An in-memory AWS behind the AWS SDK v2 sync client interfaces, for the operations the operator
 * uses: one or more accounts, each in one or more Regions. It behaves as AWS does: real exception
 * classes and error codes, asynchronous states that advance with the clock (evaluated lazily on
 * every read), rate limits, fault injection, out-of-band changes and call counting. All state is
 * guarded by one lock.
 *
 * <p>An instance is a view of one account in one Region (a cell) through one caller: {@link
 * #fromWorldYaml} gives the operator's own account in its home Region, {@link #in} another cell of
 * the same simulated AWS, {@link #as} the cell of a role session STS issued. They share the clock,
 * the settings, the faults and the call counter.
 */
public final class SimulatedAws {
  private final Simulation simulation;
  private final World world;

  /** Null: the operator's own role in its home account; else the session's credentials. */
  private final AwsCredentialsProvider credentials;

  private final SimLambda lambda;
  private final SimEfs efs;
  private final SimEc2 ec2;
  private final SimIam iam;
  private final SimSts sts;
  private final Console console;
  private final Inspect inspect;
  private final Authorization authorization;

  /** The identity of the call under way (set and read under the lock). */
  private Identity current;

  private SimulatedAws(Simulation simulation, World world, AwsCredentialsProvider credentials) {
    this.simulation = simulation;
    this.world = world;
    this.credentials = credentials;
    this.lambda = new SimLambda(this, world);
    this.efs = new SimEfs(this, world);
    this.ec2 = new SimEc2(this, world);
    this.iam = new SimIam(this, world);
    this.sts = new SimSts(this, world);
    this.console = new Console(this, world);
    this.inspect = new Inspect(this, world);
    this.authorization = new Authorization(simulation, world);
  }

  /** Loads a world file; a {@link WorldException} names the file and line of bad content. */
  public static SimulatedAws fromWorldFile(Path yaml) throws IOException {
    return fromWorldYaml(Files.readString(yaml), yaml.toString());
  }

  /**
   * Loads a world from YAML text; {@code sourceName} is used in error messages. The view is the
   * operator's own account in its home Region.
   */
  public static SimulatedAws fromWorldYaml(String yaml, String sourceName) {
    Simulation simulation = WorldLoader.load(yaml, sourceName, Instant.now());
    return new SimulatedAws(
        simulation, simulation.cell(simulation.homeAccount, simulation.homeRegion), null);
  }

  /**
   * Another cell of the same simulated AWS, called by the operator's own role: another Region of
   * its account (empty unless the world file declared it), or, for out-of-band changes and
   * inspection, another account (whose APIs refuse the operator's role, as AWS does).
   */
  public SimulatedAws in(String account, String region) {
    return simulation.lockedGet(
        () -> {
          if (!simulation.knows(account)) {
            throw new IllegalArgumentException("no account " + account + " in the simulated AWS");
          }
          return new SimulatedAws(simulation, simulation.cell(account, region), null);
        });
  }

  /**
   * A cell of an account called with role-session credentials of that account (as STS AssumeRole
   * hands them out). The SDK resolves credentials for every request; so does this view, which
   * refuses expired or unknown ones as the services do. An account the simulation does not know
   * gets an empty cell: no credentials of it can be obtained.
   */
  public SimulatedAws as(AwsCredentialsProvider credentials, String account, String region) {
    return simulation.lockedGet(
        () ->
            new SimulatedAws(
                simulation,
                simulation.knows(account)
                    ? simulation.cell(account, region)
                    : new World(account, region, Map.of()),
                credentials));
  }

  /** Replaces the clock that drives asynchronous states and rate limits; returns this. */
  public SimulatedAws withClock(Clock clock) {
    simulation.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The clock of the simulated AWS (credential lifetimes, asynchronous states). */
  public Clock clock() {
    return simulation.clock;
  }

  public String accountId() {
    return world.account;
  }

  public String region() {
    return world.region;
  }

  /** The operator's own account (the home of {@link #fromWorldYaml}'s view). */
  public String homeAccountId() {
    return simulation.homeAccount;
  }

  /** The accounts of the simulated AWS, the operator's first. */
  public List<String> accountIds() {
    return simulation.lockedGet(simulation::accounts);
  }

  /** The cells (account, Region) that were declared or used, the operator's home first. */
  public List<SimulatedAws> cells() {
    return simulation.lockedGet(
        () -> {
          List<SimulatedAws> out = new ArrayList<>();
          for (World w : simulation.cells()) {
            out.add(w == world ? this : new SimulatedAws(simulation, w, null));
          }
          return out;
        });
  }

  /**
   * The operator runs single-tenant (no namespace tags): unless the world file gave the caller a
   * policy of its own, enforce deploy/iam/operator-policy-single-tenant.json, the policy such an
   * installation uses. Returns this.
   */
  public SimulatedAws withSingleTenantPolicy() {
    locked(
        () -> {
          if (simulation.callerPolicy == null) {
            simulation.callerPolicy = Authorization.policy(Authorization.SINGLE_TENANT_POLICY);
          }
        });
    return this;
  }

  /** The caller's identity policy (JSON): the world file's, else the shipped operator policy. */
  public String callerPolicy() {
    return locked(
        () ->
            simulation.callerPolicy == null
                ? Authorization.shippedPolicy()
                : simulation.callerPolicy);
  }

  public LambdaClient lambda() {
    return lambda;
  }

  public EfsClient efs() {
    return efs;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public IamClient iam() {
    return iam;
  }

  /** STS as this view's caller: AssumeRole against the simulated roles, GetCallerIdentity. */
  public StsClient sts() {
    return sts;
  }

  public SimSettings settings() {
    return simulation.settings;
  }

  public CallCounter calls() {
    return simulation.calls;
  }

  public Faults faults() {
    return simulation.faults;
  }

  /** Out-of-band changes, as a person in the AWS console would make them; not counted as calls. */
  public Console console() {
    return console;
  }

  /** Read-only snapshots for tests and the demo; not counted as calls. */
  public Inspect inspect() {
    return inspect;
  }

  Instant now() {
    return simulation.now();
  }

  Simulation simulation() {
    return simulation;
  }

  /** The caller's authorization, for what a service decides from it without failing the call. */
  Authorization authorization() {
    return authorization;
  }

  /** Whether the caller of the call under way may perform an action (inside a call's body). */
  boolean callerAllows(String action, String resource, Map<String, List<String>> context) {
    return authorization.allows(current, action, resource, context);
  }

  /** The identity of the call under way (inside a call's body). */
  Identity caller() {
    return current;
  }

  /**
   * Runs one API call: counts it, applies injected latency and faults and rate limits, checks the
   * caller's credentials, authorizes the caller for the request, executes the body under the lock
   * and, for a lost response, throws the service's 500 after the body has run.
   */
  <T> T call(Service service, String operation, SdkRequest request, Supplier<T> body) {
    String key = service.label + ":" + operation;
    Duration latency = simulation.faults.latencyOf(key);
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while simulating latency of " + key, e);
      }
    }
    // As the SDK does for every request, and outside the lock: a refresh may call STS.
    String accessKey = credentials == null ? null : credentials.resolveCredentials().accessKeyId();
    simulation.lock.lock();
    try {
      simulation.calls.record(key);
      RuntimeException injected =
          simulation.faults.before(world.account + "/" + world.region, key, now());
      if (injected != null) {
        throw injected;
      }
      world.resolveAll(now());
      current = identity(service, accessKey);
      authorization.authorize(current, service, operation, request);
      T result = body.get();
      if (simulation.faults.takeLostResponse(key)) {
        throw service.internalError();
      }
      return result;
    } finally {
      current = null;
      simulation.lock.unlock();
    }
  }

  /** Who signs this view's requests; refuses expired or unknown session credentials. */
  private Identity identity(Service service, String accessKey) {
    if (accessKey == null) {
      return new Identity(
          simulation.homeAccount,
          simulation.callerRole,
          simulation.callerRole,
          List.of(world.identityPolicy(callerPolicy())));
    }
    Session session = simulation.sessions.get(accessKey);
    if (session == null || !session.account().equals(world.account)) {
      throw service.invalidToken();
    }
    if (!now().isBefore(session.expiration())) {
      throw service.expiredToken();
    }
    Role role = simulation.rolesOf(session.account()).get(session.roleName());
    List<IamPolicy> policies = new ArrayList<>(RolePolicies.of(world, role, true));
    if (role.operatorPolicy) {
      policies.add(world.identityPolicy(callerPolicy()));
    }
    return new Identity(
        session.account(), session.roleName(), session.sessionName(), List.copyOf(policies));
  }

  /** Runs out-of-band work (console, inspect) under the lock without counting it. */
  <T> T locked(Supplier<T> body) {
    return simulation.lockedGet(body);
  }

  void locked(Runnable body) {
    locked(
        () -> {
          body.run();
          return null;
        });
  }
}
