package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.RandomFaults;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.cli.ChaosCheck.OwnVpc;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * A seeded chaos run: resources are created, changed and deleted while every fault is on (random
 * throttling, 5xx, lost responses and latency on the simulated account, operator crashes and
 * restarts, out-of-band changes); then the faults stop and the run waits for every resource left to
 * be Ready and the account to hold exactly what they own. The seed fixes the resources, the
 * schedule of events and the fault draws; the threads' interleaving still varies.
 */
final class ChaosRun {
  /** What to run. */
  record Settings(
      long seed,
      int resources,
      Duration storm,
      Duration pollInterval,
      Duration converge,
      Duration lambdaUpdateDelay,
      int restarts,
      RandomFaults faults) {

    /** The run in the test command: a couple of dozen resources, a short storm. */
    static Settings small(long seed) {
      return of(seed, 24, Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(90));
    }

    /** The benchmark's run: a few hundred resources. */
    static Settings big(long seed, int resources) {
      return of(
          seed,
          resources,
          Duration.ofSeconds(Math.max(60, resources / 3)),
          Duration.ofSeconds(Math.max(2, resources / 50)),
          Duration.ofMinutes(10));
    }

    private static Settings of(
        long seed, int resources, Duration storm, Duration poll, Duration converge) {
      return new Settings(
          seed,
          resources,
          storm,
          poll,
          converge,
          Duration.ofMillis(300),
          4,
          new RandomFaults(seed, 0.05, 0.03, 0.05, 0.1, Duration.ofMillis(200)));
    }
  }

  private enum OutOfBand {
    REVOKE_RULE,
    DELETE_ACCESS_POINT,
    DETACH_FILE_SYSTEM,
    SWAP_SECURITY_GROUP
  }

  private sealed interface Event {
    long atMillis();
  }

  private record Create(long atMillis, int i) implements Event {}

  private record Change(long atMillis, int i) implements Event {}

  private record Delete(long atMillis, int i) implements Event {}

  private record Disturb(long atMillis, int i, OutOfBand kind) implements Event {}

  private record Restart(long atMillis) implements Event {}

  private final Settings settings;
  private final ChaosWorld world;
  private final PrintStream progress;
  private final Random random;
  private final Map<String, OwnVpc> ownVpc = new HashMap<>();
  private final Map<String, Integer> outOfBand = new TreeMap<>();
  private int changed;
  private int deleted;
  private int restarts;

  ChaosRun(Settings settings, PrintStream progress) {
    this.settings = settings;
    this.world = new ChaosWorld(settings.resources());
    this.progress = progress;
    this.random = new Random(settings.seed());
    for (int i = 0; i < settings.resources(); i++) {
      ownVpc.put(
          ChaosWorld.function(i),
          ChaosWorld.inVpc(i)
              ? new OwnVpc(ChaosWorld.SUBNETS, List.of(world.group(i % world.groups)))
              : new OwnVpc(List.of(), List.of()));
    }
  }

  ChaosFigures run() throws InterruptedException {
    SimulatedAws sim = SimulatedAws.fromWorldYaml(world.yaml(), "chaos world");
    sim.settings()
        .lambdaUpdateDelay(settings.lambdaUpdateDelay())
        .accessPointCreateDelay(Duration.ofMillis(100));
    OperatorSettings operatorSettings =
        new OperatorSettings(Set.of(), null, settings.pollInterval(), Duration.ofSeconds(30));
    List<Event> schedule = schedule();
    Set<Integer> deletedIndexes = new HashSet<>();
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes()) {
      KubernetesClient client = kubernetes.client();
      Running operator = Running.start(kubernetes, sim, operatorSettings);
      sim.faults().random(settings.faults());
      long start = System.nanoTime();
      for (Event e : schedule) {
        sleepUntil(start, e.atMillis());
        try {
          if (e instanceof Create c) {
            client.resource(world.mount(c.i())).create();
          } else if (e instanceof Change c) {
            change(client, c.i());
          } else if (e instanceof Delete d) {
            resource(client, d.i()).delete();
            deleted++;
            deletedIndexes.add(d.i());
          } else if (e instanceof Disturb d) {
            disturb(sim, client, d);
          } else {
            operator = operator.crashAndRestart(kubernetes, sim, operatorSettings);
            restarts++;
          }
        } catch (RuntimeException failed) {
          progress.println("  event " + e + " failed: " + failed.getMessage());
        }
      }
      sleepUntil(start, settings.storm().toMillis());
      sim.faults().random(null);
      double stormSeconds = (System.nanoTime() - start) / 1e9;
      progress.printf("  storm over after %.1f s; waiting for convergence%n", stormSeconds);

      long faultsOff = System.nanoTime();
      long deadline = faultsOff + settings.converge().toNanos();
      Map<String, OwnVpc> functionsOfDeleted = new HashMap<>();
      deletedIndexes.forEach(
          i -> functionsOfDeleted.put(ChaosWorld.function(i), ownVpc.get(ChaosWorld.function(i))));
      ChaosCheck.Findings findings;
      long nextReport = System.nanoTime();
      while (true) {
        List<LambdaEfsMount> live =
            client
                .resources(LambdaEfsMount.class)
                .inNamespace(ChaosWorld.NAMESPACE)
                .list()
                .getItems();
        findings = ChaosCheck.check(sim, live, functionsOfDeleted, world);
        if (findings.clean() || System.nanoTime() > deadline) {
          break;
        }
        if (System.nanoTime() >= nextReport) {
          progress.printf(
              "  %5.1f s: %d not ready, %d leaked, %d duplicated%n",
              (System.nanoTime() - faultsOff) / 1e9,
              findings.notReady().size(),
              findings.leaked().size(),
              findings.duplicated().size());
          Stream.of(findings.notReady(), findings.leaked(), findings.duplicated())
              .flatMap(List::stream)
              .limit(5)
              .forEach(f -> progress.println("      " + f));
          nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        }
        Thread.sleep(1000);
      }
      double convergeSeconds = (System.nanoTime() - faultsOff) / 1e9;
      operator.close();
      Map<String, Integer> faults = new TreeMap<>();
      sim.faults().injected().forEach((kind, n) -> faults.put(kind.name().toLowerCase(), n));
      int retries =
          faults.values().stream().mapToInt(Integer::intValue).sum()
              - faults.getOrDefault("delayed", 0);
      List<String> all = new ArrayList<>();
      all.addAll(findings.notReady().stream().map(f -> "not ready: " + f).toList());
      all.addAll(findings.leaked().stream().map(f -> "leaked: " + f).toList());
      all.addAll(findings.duplicated().stream().map(f -> "duplicated: " + f).toList());
      return new ChaosFigures(
          settings.seed(),
          settings.resources(),
          changed,
          deleted,
          Map.copyOf(outOfBand),
          restarts,
          Map.copyOf(faults),
          sim.calls().total(),
          retries,
          findings.clean(),
          stormSeconds,
          convergeSeconds,
          findings.leaked().size(),
          findings.duplicated().size(),
          findings.notReady().size(),
          List.copyOf(all));
    }
  }

  /**
   * Every resource is created in the first 40% of the storm; about a third are changed, a third
   * deleted (some before they were Ready), a fifth disturbed out of band; the operator crashes at
   * even intervals.
   */
  private List<Event> schedule() {
    long storm = settings.storm().toMillis();
    List<Event> events = new ArrayList<>();
    long[] created = new long[settings.resources()];
    long[] gone = new long[settings.resources()];
    for (int i = 0; i < settings.resources(); i++) {
      created[i] = (long) (random.nextDouble() * storm * 0.4);
      gone[i] = Long.MAX_VALUE;
      events.add(new Create(created[i], i));
      long last = created[i];
      if (random.nextDouble() < 0.35) {
        last = created[i] + 1000 + (long) (random.nextDouble() * storm * 0.4);
        events.add(new Change(last, i));
      }
      if (random.nextDouble() < 0.35) {
        gone[i] = last + 500 + (long) (random.nextDouble() * storm * 0.3);
        events.add(new Delete(gone[i], i));
      }
    }
    int disturbances = Math.max(8, settings.resources() / 5);
    OutOfBand[] kinds = OutOfBand.values();
    for (int n = 0; n < disturbances; n++) {
      int i = random.nextInt(settings.resources());
      long at = created[i] + 3000 + (long) (random.nextDouble() * storm * 0.5);
      if (at < gone[i] && at < storm) {
        events.add(new Disturb(at, i, kinds[n % kinds.length]));
      }
    }
    for (int k = 1; k <= settings.restarts(); k++) {
      events.add(new Restart(storm * k / (settings.restarts() + 1)));
    }
    events.sort(Comparator.comparingLong(Event::atMillis));
    return events;
  }

  private void change(KubernetesClient client, int i) {
    resource(client, i)
        .edit(
            m -> {
              m.getSpec().getAccessPoint().getPosixUser().setUid(3000L + i);
              return m;
            });
    changed++;
  }

  /** A person in the console undoes part of what the operator did, or moves the function. */
  private void disturb(SimulatedAws sim, KubernetesClient client, Disturb d) {
    LambdaEfsMount m = resource(client, d.i()).get();
    if (m == null) {
      return;
    }
    String uid = m.getMetadata().getUid();
    String function = ChaosWorld.function(d.i());
    boolean done =
        switch (d.kind()) {
          case REVOKE_RULE -> {
            List<SecurityGroupRule> held = sim.inspect().rulesTagged(OwnershipTags.OWNER_UID, uid);
            held.stream()
                .findFirst()
                .ifPresent(r -> sim.console().revokeSecurityGroupRule(r.securityGroupRuleId()));
            yield !held.isEmpty();
          }
          case DELETE_ACCESS_POINT -> {
            List<AccessPointDescription> owned =
                sim.inspect().allAccessPoints().stream()
                    .filter(
                        ap ->
                            ap.tags().stream()
                                .anyMatch(
                                    t ->
                                        t.key().equals(OwnershipTags.OWNER_UID)
                                            && t.value().equals(uid)))
                    .toList();
            owned.stream()
                .findFirst()
                .ifPresent(ap -> sim.console().deleteAccessPoint(ap.accessPointId()));
            yield !owned.isEmpty();
          }
          case DETACH_FILE_SYSTEM -> {
            sim.console().setFunctionFileSystemConfigs(function, List.of());
            yield true;
          }
          case SWAP_SECURITY_GROUP -> {
            FunctionConfiguration fn = sim.inspect().function(function);
            if (!ChaosWorld.inVpc(d.i()) || fn.vpcConfig().subnetIds().isEmpty()) {
              yield false;
            }
            // Another of the shared groups, not one the spec adds.
            String to = world.group((d.i() + 2) % world.groups);
            List<String> groups = new ArrayList<>(fn.vpcConfig().securityGroupIds());
            groups.remove(world.group(d.i() % world.groups));
            groups.add(to);
            sim.console().setFunctionVpcConfig(function, fn.vpcConfig().subnetIds(), groups);
            ownVpc.put(function, new OwnVpc(ChaosWorld.SUBNETS, List.of(to)));
            yield true;
          }
        };
    if (done) {
      outOfBand.merge(d.kind().name().toLowerCase(), 1, Integer::sum);
    }
  }

  private static Resource<LambdaEfsMount> resource(KubernetesClient client, int i) {
    return client
        .resources(LambdaEfsMount.class)
        .inNamespace(ChaosWorld.NAMESPACE)
        .withName(ChaosWorld.name(i));
  }

  private static void sleepUntil(long start, long atMillis) throws InterruptedException {
    long wait = atMillis - (System.nanoTime() - start) / 1_000_000;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** One operator process: its own API client, stopped as a crash stops it. */
  private record Running(OperatorRuntime runtime, KubernetesClient client) {
    static Running start(EmbeddedKubernetes kubernetes, SimulatedAws sim, OperatorSettings s) {
      KubernetesClient client = kubernetes.newClient();
      return new Running(
          new OperatorRuntime(client, new SimClientFactory(sim), s, Clock.systemUTC()).start(),
          client);
    }

    Running crashAndRestart(EmbeddedKubernetes kubernetes, SimulatedAws sim, OperatorSettings s)
        throws InterruptedException {
      runtime.closeInBackground("chaos crash").join();
      client.close();
      return start(kubernetes, sim, s);
    }

    void close() {
      runtime.close();
      client.close();
    }
  }
}
