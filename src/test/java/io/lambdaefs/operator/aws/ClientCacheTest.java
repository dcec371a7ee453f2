package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The bound of the client cache, and what it closes: evicted sets, and everything at the end. */
class ClientCacheTest {
  private final List<String> closed = new ArrayList<>();
  private int built;

  private <T> T client(Class<T> type, String name) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, m, args) -> {
              if (m.getName().equals("close")) {
                closed.add(name);
              }
              return null;
            }));
  }

  private AwsClients build(String region, Object credentials) {
    String name = region + "#" + built++;
    return new AwsClients(
        region,
        client(LambdaClient.class, name),
        client(EfsClient.class, name),
        client(Ec2Client.class, name),
        client(IamClient.class, name));
  }

  @Test
  void pastItsBoundTheLeastRecentlyUsedSetIsClosedAndEverythingIsClosedAtTheEnd() {
    ClientCache cache = new ClientCache("us-east-1", this::build, region -> null, Instant::now, 2);
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
}
