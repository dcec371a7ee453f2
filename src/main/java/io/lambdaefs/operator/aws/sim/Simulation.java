package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Every account and Region of the simulated AWS and what they share: one lock, the clock, the
 * settings, the call counter, the faults, the operator's own identity (the caller of the home
 * account) and the role sessions STS has issued. IAM is global per account, so the cells (one per
 * account and Region) of an account share its roles. Guarded by {@link #lock}.
 */
final class Simulation {
  final ReentrantLock lock = new ReentrantLock();
  volatile Clock clock = Clock.systemUTC();
  final SimSettings settings = new SimSettings();
  final CallCounter calls = new CallCounter();
  final Faults faults = new Faults();

  /** Every action an identity policy has allowed so far, for tests that look for unused grants. */
  final Set<String> granted = new TreeSet<>();

  /** The operator's account and Region: where its own clients call by default. */
  final String homeAccount;

  final String homeRegion;

  /** The role the operator runs as in its home account, and its identity policy (JSON). */
  String callerRole = "lambda-efs-operator";

  /** Null: the shipped operator policy. */
  String callerPolicy;

  private final Map<String, Map<String, Role>> roles = new LinkedHashMap<>();
  private final Map<String, World> cells = new LinkedHashMap<>();

  /** Role sessions by access key id. */
  final Map<String, Session> sessions = new HashMap<>();

  /** A role session STS issued: who may call with its access key, and until when. */
  record Session(
      String accessKeyId,
      String account,
      String roleName,
      String sessionName,
      Instant expiration) {}

  Simulation(String homeAccount, String homeRegion) {
    this.homeAccount = homeAccount;
    this.homeRegion = homeRegion;
    declare(homeAccount);
  }

  /** Makes an account known (its roles may be empty). */
  void declare(String account) {
    roles.computeIfAbsent(account, a -> new LinkedHashMap<>());
  }

  boolean knows(String account) {
    return roles.containsKey(account);
  }

  /** The accounts, home first. */
  List<String> accounts() {
    return List.copyOf(roles.keySet());
  }

  /** The roles of an account (IAM is global: every Region sees the same ones). */
  Map<String, Role> rolesOf(String account) {
    Map<String, Role> r = roles.get(account);
    if (r == null) {
      throw new IllegalArgumentException("no account " + account + " in the simulated AWS");
    }
    return r;
  }

  /**
   * The cell of an account in a Region; a Region nothing was declared in is an empty cell, as every
   * Region of a real account exists.
   */
  World cell(String account, String region) {
    return cells.computeIfAbsent(
        account + "/" + region, k -> new World(account, region, rolesOf(account)));
  }

  /** Whether the cell was declared or used already. */
  boolean hasCell(String account, String region) {
    return cells.containsKey(account + "/" + region);
  }

  /** The cells of every account, in the order they were declared. */
  List<World> cells() {
    return List.copyOf(cells.values());
  }

  Instant now() {
    return clock.instant();
  }

  <T> T lockedGet(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
