package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.status.Conditions;
import io.lambdaefs.operator.status.StatusEvents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The API server is unreachable for a minute: the operator keeps running, reports not ready, makes
 * no AWS write for a resource it cannot report on (even when AWS drifts meanwhile), and recovers on
 * its own once the API server is back.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class ApiServerOutageOperatorTest {
  private static final Duration OUTAGE = Duration.ofMinutes(1);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @RegisterExtension final OperatorHarness harness = OperatorHarness.prepare();

  @Test
  void aMinuteWithoutTheApiServerIsRiddenOutWithoutWritingToAws() {
    ApiServerLink link = harness.linkToApiServer();
    harness.servingHttp().startOperator();
    int port = harness.operator().httpPort().orElseThrow();
    harness.create(ExampleMounts.creating("data"));
    harness.awaitReady("data");
    assertThat(status(port, "/readyz")).isEqualTo(200);

    link.cut();
    await("the operator to report not ready")
        .atMost(Duration.ofSeconds(15))
        .until(() -> status(port, "/readyz") == 503);
    // AWS drifts meanwhile: the operator sees it, but cannot report, so it must not correct it.
    String revoked = harness.nfsRules(MOUNT_TARGET_SG, false).get(0).securityGroupRuleId();
    harness.sim().console().revokeSecurityGroupRule(revoked);
    int writes = harness.sim().calls().writes();
    int polls = harness.sim().calls().count("Lambda:GetFunction");
    OperatorHarness.letTimePass(OUTAGE);

    assertThat(harness.sim().calls().writes())
        .as("AWS writes while the API server was unreachable: %s", harness.sim().calls())
        .isEqualTo(writes);
    assertThat(harness.sim().calls().count("Lambda:GetFunction"))
        .as("the operator kept running")
        .isGreaterThan(polls);
    assertThat(status(port, "/healthz")).isEqualTo(200);
    assertThat(status(port, "/readyz")).isEqualTo(503);

    link.restore();
    await("the operator to be ready again")
        .atMost(Duration.ofSeconds(60))
        .until(() -> status(port, "/readyz") == 200);
    // The drift seen during the outage is corrected once the operator can report on it again.
    await("the revoked NFS rule to be added back")
        .atMost(Duration.ofSeconds(60))
        .until(() -> harness.nfsRules(MOUNT_TARGET_SG, false).size() == 1);
    assertThat(harness.nfsRules(MOUNT_TARGET_SG, false))
        .singleElement()
        .satisfies(r -> assertThat(r.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG));
    harness.awaitEvent("data", "Normal", StatusEvents.DRIFT_CORRECTED, Duration.ofSeconds(30));
    harness.awaitCondition("data", Conditions.READY, "True", Duration.ofSeconds(30));
    assertThat(harness.sim().calls().count("EC2:AuthorizeSecurityGroupIngress")).isEqualTo(2);
  }

  private static int status(int port, String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
