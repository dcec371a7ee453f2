package io.lambdaefs.operator.aws;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The clients of every target the operator's resources use, for real AWS and the simulated one
 * alike: one set per Region, partition and role (per resource for an assumed role, whose session
 * name names the resource), built on first use and kept for the next reconcile.
 *
 * <p>The cache is bounded: past {@link #MAX_ENTRIES} the least recently used set is dropped. A set
 * is never closed under a caller: {@link #get} hands out a set of clients that find the cached set
 * of their target on each call, so a reconcile that holds a dropped set goes on with the set built
 * again (with a new session) on its next call, and a dropped set is closed only once no call on it
 * is in flight. So the bound holds the client sets kept, plus those dropped while a call on them
 * was under way, until that call returns.
 */
public final class ClientCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClientCache.class);

  public static final int MAX_ENTRIES = 256;

  /** Builds the clients of one Region; {@code credentials} null means the operator's own. */
  @FunctionalInterface
  public interface Builder {
    AwsClients build(String region, AwsCredentialsProvider credentials);
  }

  private record Key(
      String region, String partition, String roleArn, String externalId, String sessionName) {}

  /** A built set, with the calls on it under way; dropped: out of the cache, to be closed. */
  private static final class Entry {
    final AwsClients built;
    int inFlight;
    boolean dropped;

    Entry(AwsClients built) {
      this.built = built;
    }
  }

  private final String defaultRegion;
  private final Builder builder;
  private final Function<String, StsClient> sts;
  private final Supplier<Instant> now;
  private final int maxEntries;
  private final Map<Key, Entry> entries;
  private final Map<Key, AwsClients> handed = new HashMap<>();
  private final List<Entry> draining = new ArrayList<>();
  private boolean closed;

  /**
   * @param sts the operator's own STS client of a Region (AssumeRole goes to the target Region's
   *     endpoint)
   * @param now the clock credentials expire by
   */
  public ClientCache(
      String defaultRegion,
      Builder builder,
      Function<String, StsClient> sts,
      Supplier<Instant> now,
      int maxEntries) {
    this.defaultRegion = defaultRegion;
    this.builder = builder;
    this.sts = sts;
    this.now = now;
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  public String defaultRegion() {
    return defaultRegion;
  }

  /**
   * The clients of the target: the same object for the same target while it is cached. Each call on
   * them goes to the target's cached set, built (again) if needed.
   */
  public synchronized AwsClients get(AwsTarget target) {
    Key key = key(target);
    entry(key);
    return handed.computeIfAbsent(key, this::handle);
  }

  /** How many client sets are cached. */
  public synchronized int size() {
    return entries.size();
  }

  /** How many dropped sets wait for a call on them to return before they are closed. */
  public synchronized int draining() {
    return draining.size();
  }

  private Key key(AwsTarget target) {
    String region =
        target.region() == null || target.region().isBlank() ? defaultRegion : target.region();
    return target.assumesRole()
        ? new Key(
            region,
            Partition.ofRegion(region).id(),
            target.roleArn(),
            target.externalId(),
            target.sessionName())
        : new Key(region, Partition.ofRegion(region).id(), null, null, null);
  }

  /** The cached set of the key, built if it is not (which may drop the least recently used). */
  private Entry entry(Key key) {
    if (closed) {
      throw new IllegalStateException("the AWS clients are closed");
    }
    Entry entry = entries.get(key);
    if (entry == null) {
      AwsCredentialsProvider credentials =
          key.roleArn() == null
              ? null
              : new AssumedRoleCredentials(
                  sts.apply(key.region()), key.roleArn(), key.externalId(), key.sessionName(), now);
      entry = new Entry(builder.build(key.region(), credentials));
      entries.put(key, entry);
      dropBeyondBound();
    }
    return entry;
  }

  private void dropBeyondBound() {
    var it = entries.entrySet().iterator();
    while (entries.size() > maxEntries && it.hasNext()) {
      Map.Entry<Key, Entry> eldest = it.next();
      it.remove();
      handed.remove(eldest.getKey());
      Entry e = eldest.getValue();
      e.dropped = true;
      if (e.inFlight == 0) {
        log.debug("closing the AWS clients of {} (least recently used)", eldest.getKey());
        e.built.close();
      } else {
        draining.add(e);
      }
    }
  }

  private synchronized Entry acquire(Key key) {
    Entry e = entry(key);
    e.inFlight++;
    return e;
  }

  private synchronized void release(Entry e) {
    e.inFlight--;
    if (e.dropped && e.inFlight == 0 && draining.remove(e)) {
      e.built.close();
    }
  }

  /** Clients whose every call runs on the key's cached set, counted while it runs. */
  private AwsClients handle(Key key) {
    return new AwsClients(
        key.region(),
        counted(LambdaClient.class, key, AwsClients::lambda),
        counted(EfsClient.class, key, AwsClients::efs),
        counted(Ec2Client.class, key, AwsClients::ec2),
        counted(IamClient.class, key, AwsClients::iam));
  }

  private <T> T counted(Class<T> type, Key key, Function<AwsClients, T> client) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close":
                  return null; // the cache closes the sets it built
                case "equals":
                  return proxy == args[0];
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "toString":
                  return type.getSimpleName() + " of " + key;
                default:
                  break;
              }
              Entry e = acquire(key);
              try {
                return method.invoke(client.apply(e.built), args);
              } catch (InvocationTargetException ex) {
                throw ex.getCause();
              } finally {
                release(e);
              }
            }));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AwsClients> all = new ArrayList<>();
    entries.values().forEach(e -> all.add(e.built));
    draining.forEach(e -> all.add(e.built));
    entries.clear();
    handed.clear();
    draining.clear();
    all.forEach(AwsClients::close);
  }
}
