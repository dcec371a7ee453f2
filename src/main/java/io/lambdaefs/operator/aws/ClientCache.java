package io.lambdaefs.operator.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The clients of every target the operator's resources use, for real AWS and the simulated one
 * alike: one set per Region, partition and role (per resource for an assumed role, whose session
 * name names the resource), built on first use and kept for the next reconcile. The cache is
 * bounded: past {@link #MAX_ENTRIES} the least recently used set is closed and dropped (it is built
 * again, with a new session, when needed). The bound is far above the reconciler's concurrency, so
 * a dropped set is not one a reconcile is still using.
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

  private final String defaultRegion;
  private final Builder builder;
  private final Function<String, StsClient> sts;
  private final Supplier<Instant> now;
  private final int maxEntries;
  private final Map<Key, AwsClients> entries;
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

  public synchronized AwsClients get(AwsTarget target) {
    if (closed) {
      throw new IllegalStateException("the AWS clients are closed");
    }
    String region =
        target.region() == null || target.region().isBlank() ? defaultRegion : target.region();
    Key key =
        target.assumesRole()
            ? new Key(
                region,
                Partition.ofRegion(region).id(),
                target.roleArn(),
                target.externalId(),
                target.sessionName())
            : new Key(region, Partition.ofRegion(region).id(), null, null, null);
    AwsClients clients = entries.get(key);
    if (clients == null) {
      AwsCredentialsProvider credentials =
          key.roleArn() == null
              ? null
              : new AssumedRoleCredentials(
                  sts.apply(region), key.roleArn(), key.externalId(), key.sessionName(), now);
      clients = builder.build(region, credentials);
      entries.put(key, clients);
      evictBeyondBound();
    }
    return clients;
  }

  /** How many client sets are cached. */
  public synchronized int size() {
    return entries.size();
  }

  private void evictBeyondBound() {
    var it = entries.entrySet().iterator();
    while (entries.size() > maxEntries && it.hasNext()) {
      Map.Entry<Key, AwsClients> eldest = it.next();
      it.remove();
      log.debug("closing the AWS clients of {} (least recently used)", eldest.getKey());
      eldest.getValue().close();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<AwsClients> all = new ArrayList<>(entries.values());
    entries.clear();
    all.forEach(AwsClients::close);
  }
}
