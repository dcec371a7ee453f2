package io.lambdaefs.operator.runtime;

import static io.lambdaefs.operator.runtime.OperatorFixture.anyLoopbackPort;
import static io.lambdaefs.operator.runtime.OperatorFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.cli.EmbeddedKubernetes;
import io.lambdaefs.operator.config.OperatorSettings;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the chart's probes and Prometheus see from one operator reconciling the example. */
class MetricsAndHealthTest {

  @Test
  void metricsHealthAndReadinessAreServedOverHttp() throws Exception {
    var sim = OperatorFixture.simulatedAws();
    try (EmbeddedKubernetes kubernetes = new EmbeddedKubernetes();
        OperatorRuntime operator =
            new OperatorRuntime(
                    kubernetes.client(),
                    new SimClientFactory(sim),
                    OperatorSettings.defaults().withPollInterval(Duration.ofSeconds(30)),
                    new RuntimeSettings(null, anyLoopbackPort()),
                    Clock.systemUTC())
                .start()) {
      int port = operator.httpPort().orElseThrow();
      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);

      LambdaEfsMount applied = OperatorFixture.applyExample(kubernetes.client());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> OperatorFixture.isReady(kubernetes.client(), applied));

      HttpResponse<String> response = get(port, "/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      PrometheusText metrics = PrometheusText.parse(response.body());

      assertThat(
              metrics.sum(
                  "lambdaefs_aws_calls_total",
                  "service",
                  "lambda",
                  "operation",
                  "GetFunction",
                  "outcome",
                  "success"))
          .isGreaterThan(0);
      assertThat(
              metrics.sum(
                  "lambdaefs_aws_calls_total",
                  "service",
                  "efs",
                  "operation",
                  "CreateAccessPoint",
                  "outcome",
                  "success"))
          .isEqualTo(1);
      assertThat(
              metrics.sum(
                  "lambdaefs_aws_calls_total",
                  "service",
                  "lambda",
                  "operation",
                  "UpdateFunctionConfiguration"))
          .isGreaterThanOrEqualTo(1);
      assertThat(metrics.find("lambdaefs_resources", "ready", "true"))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
      assertThat(metrics.find("lambdaefs_resources", "ready", "false"))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(0.0));
      assertThat(metrics.sum("lambdaefs_leader")).isEqualTo(1.0);
      // Declared from the start, so that rate() works before the first drift.
      assertThat(metrics.find("lambdaefs_drift_detected_total")).hasSize(1);
      assertThat(metrics.find("lambdaefs_drift_corrected_total")).hasSize(1);
      assertThat(metrics.sum("lambdaefs_aws_throttled_total")).isZero();
      // JOSDK's controller metrics, without a series per resource.
      assertThat(metrics.sum("operator_sdk_reconciliations_started_total")).isGreaterThan(0);
      assertThat(metrics.samples()).noneMatch(s -> s.labels().containsValue("file-processor-data"));
      assertThat(metrics.find("jvm_memory_used_bytes")).isNotEmpty();

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").body()).contains("ready");
      assertThat(get(port, "/nothing-here").statusCode()).isEqualTo(404);
    }
  }
}
