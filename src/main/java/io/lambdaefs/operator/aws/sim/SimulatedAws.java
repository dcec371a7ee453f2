package io.lambdaefs.operator.aws.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * An in-memory AWS account (one account, one region) behind the AWS SDK v2 sync client interfaces,
 * for the operations the operator uses. It follows AWS-SEMANTICS.md: real exception classes and
 * error codes, asynchronous states that advance with the clock (evaluated lazily on every read),
 * rate limits, fault injection, out-of-band changes and call counting. All state is guarded by one
 * lock.
 */
public final class SimulatedAws {
  private final ReentrantLock lock = new ReentrantLock();
  private final World world;
  private volatile Clock clock = Clock.systemUTC();
  private final SimSettings settings = new SimSettings();
  private final CallCounter calls = new CallCounter();
  private final Faults faults = new Faults();
  private final SimLambda lambda;
  private final SimEfs efs;
  private final SimEc2 ec2;
  private final SimIam iam;
  private final Console console;
  private final Inspect inspect;
  private final Authorization authorization;

  private SimulatedAws(World world) {
    this.world = world;
    this.lambda = new SimLambda(this, world);
    this.efs = new SimEfs(this, world);
    this.ec2 = new SimEc2(this, world);
    this.iam = new SimIam(this, world);
    this.console = new Console(this, world);
    this.inspect = new Inspect(this, world);
    this.authorization = new Authorization(world);
  }

  /** Loads a world file; a {@link WorldException} names the file and line of bad content. */
  public static SimulatedAws fromWorldFile(Path yaml) throws IOException {
    return fromWorldYaml(Files.readString(yaml), yaml.toString());
  }

  /** Loads a world from YAML text; {@code sourceName} is used in error messages. */
  public static SimulatedAws fromWorldYaml(String yaml, String sourceName) {
    return new SimulatedAws(WorldLoader.load(yaml, sourceName, Instant.now()));
  }

  /** Replaces the clock that drives asynchronous states and rate limits; returns this. */
  public SimulatedAws withClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  public String accountId() {
    return world.account;
  }

  public String region() {
    return world.region;
  }

  /** The caller's identity policy (JSON): the world file's, else the shipped operator policy. */
  public String callerPolicy() {
    return locked(
        () -> world.callerPolicy == null ? Authorization.shippedPolicy() : world.callerPolicy);
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

  public SimSettings settings() {
    return settings;
  }

  public CallCounter calls() {
    return calls;
  }

  public Faults faults() {
    return faults;
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
    return clock.instant();
  }

  /** The caller's authorization, for what a service decides from it without failing the call. */
  Authorization authorization() {
    return authorization;
  }

  /**
   * Runs one API call: counts it, applies injected latency and faults and rate limits, authorizes
   * the caller for the request, executes the body under the lock and, for a lost response, throws
   * the service's 500 after the body has run.
   */
  <T> T call(Service service, String operation, SdkRequest request, Supplier<T> body) {
    String key = service.label + ":" + operation;
    Duration latency = faults.latencyOf(key);
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while simulating latency of " + key, e);
      }
    }
    lock.lock();
    try {
      calls.record(key);
      RuntimeException injected = faults.before(key, now());
      if (injected != null) {
        throw injected;
      }
      world.resolveAll(now());
      authorization.authorize(service, operation, request);
      T result = body.get();
      if (faults.takeLostResponse(key)) {
        throw service.internalError();
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Runs out-of-band work (console, inspect) under the lock without counting it. */
  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  void locked(Runnable body) {
    locked(
        () -> {
          body.run();
          return null;
        });
  }
}
