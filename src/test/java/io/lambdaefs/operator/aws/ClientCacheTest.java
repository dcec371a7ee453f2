package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * The bound of the client cache, and what it closes: dropped sets once no call on them runs, and
 * everything at the end. The clients here fail a call made after they were closed, as the SDK's do.
 */
class ClientCacheTest {
  private final List<String> closed = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> closedSets = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch callStarted = new CountDownLatch(0);
  private volatile CountDownLatch callMayReturn = new CountDownLatch(0);
  private int built;

  private <T> T client(Class<T> type, String name) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              if (m.getName().equals("close")) {
                closed.add(name);
                closedSets.add(name);
                return null;
              }
              if (closedSets.contains(name)) {
                throw new IllegalStateException("Connection pool shut down: " + name);
              }
              if (m.getName().equals("getFunction")) {
                callStarted.countDown();
                callMayReturn.await();
                return GetFunctionResponse.builder().build();
              }
              return null;
            }));
  }

  private synchronized AwsClients build(String region, Object credentials) {
    String name = region + "#" + built++;
    return new AwsClients(
        region,
        client(LambdaClient.class, name),
        client(EfsClient.class, name),
        client(Ec2Client.class, name),
        client(IamClient.class, name));
  }

  private ClientCache cache(int bound) {
    return new ClientCache("us-east-1", this::build, region -> null, Instant::now, bound);
  }

  private static void call(AwsClients clients) {
    clients.lambda().getFunction(r -> r.functionName("f"));
  }

  @Test
  void pastItsBoundTheLeastRecentlyUsedSetIsClosedAndEverythingIsClosedAtTheEnd() {
    ClientCache cache = cache(2);
    cache.get(AwsTarget.region("us-east-1"));
    cache.get(AwsTarget.region("eu-west-1"));
    cache.get(AwsTarget.region(null)); // the default Region: us-east-1, now the most recent
    cache.get(AwsTarget.region("ap-south-1"));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(closed).as("each of the four clients of eu-west-1").containsOnly("eu-west-1#1");
    assertThat(closed).hasSize(4);

    cache.close();
    assertThat(closed).containsOnly("eu-west-1#1", "us-east-1#0", "ap-south-1#2").hasSize(12);
    assertThatThrownBy(() -> cache.get(AwsTarget.region("us-east-1")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSetDroppedWhileACallOnItRunsIsClosedWhenTheCallReturns() throws Exception {
    ClientCache cache = cache(1);
    AwsClients held = cache.get(AwsTarget.region("us-east-1"));
    callStarted = new CountDownLatch(1);
    callMayReturn = new CountDownLatch(1);
    ExecutorService reconcile = Executors.newSingleThreadExecutor();
    try {
      Future<?> running = reconcile.submit(() -> call(held));
      assertThat(callStarted.await(10, TimeUnit.SECONDS)).isTrue();

      cache.get(AwsTarget.region("eu-west-1")); // drops us-east-1 while its call runs
      assertThat(cache.size()).isEqualTo(1);
      assertThat(cache.draining()).isEqualTo(1);
      assertThat(closed).as("nothing closed under the running call").isEmpty();

      callMayReturn.countDown();
      running.get(10, TimeUnit.SECONDS);
      assertThat(closed).containsOnly("us-east-1#0").hasSize(4);
      assertThat(cache.draining()).isZero();
    } finally {
      callMayReturn.countDown();
      reconcile.shutdownNow();
      cache.close();
    }
  }

  @Test
  void aReconcileHoldingADroppedSetGoesOnWithTheSetBuiltAgain() {
    ClientCache cache = cache(1);
    AwsClients held = cache.get(AwsTarget.region("us-east-1"));
    cache.get(AwsTarget.region("eu-west-1")); // drops us-east-1, closed: no call runs
    assertThat(closed).containsOnly("us-east-1#0");

    call(held); // would fail on the closed us-east-1#0
    assertThat(cache.get(AwsTarget.region("us-east-1")))
        .as("the same clients while the target stays cached")
        .isSameAs(cache.get(AwsTarget.region("us-east-1")));
    assertThat(closed).containsOnly("us-east-1#0", "eu-west-1#1");
    cache.close();
  }

  @Test
  void manyReconcilesOverMoreTargetsThanTheBoundNeverCallAClosedClient() throws Exception {
    ClientCache cache = cache(2);
    ExecutorService reconciles = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        all.add(
            reconciles.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    AwsClients clients =
                        cache.get(AwsTarget.region("region-" + ((thread + i) % 6) + "-1"));
                    call(clients);
                    clients.ec2().describeSubnets(r -> {});
                    call(clients);
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS); // rethrows a call made on a closed client
      }
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.draining()).isZero();
      assertThat(built).as("the bound was exceeded, again and again").isGreaterThan(6);
    } finally {
      reconciles.shutdownNow();
      cache.close();
    }
    assertThat(closed).hasSize(4 * built);
  }
}
