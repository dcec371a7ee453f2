package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.sim.MutableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/** A reconcile sent away by the rate budget comes back with the function it had read, once. */
class ResumedReadsTest {
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn-1";
  private final MutableClock clock = new MutableClock();
  private final ResumedReads reads = new ResumedReads(clock);

  private static final ApiCall GET =
      new ApiCall(
          null,
          "us-east-1",
          "lambda",
          "GetFunction",
          GetFunctionRequest.builder().functionName("fn-1").build());
  private static final GetFunctionResponse FUNCTION =
      GetFunctionResponse.builder()
          .configuration(c -> c.functionName("fn-1").revisionId("r1"))
          .tags(Map.of("team", "a"))
          .build();

  private static ApiCall write(String operation, SdkRequest request) {
    return new ApiCall(null, "us-east-1", "lambda", operation, (SdkRequest) request);
  }

  private static ApiCall update() {
    return write(
        "UpdateFunctionConfiguration",
        UpdateFunctionConfigurationRequest.builder().functionName("fn-1").build());
  }

  private void deferred(ApiCall call, Duration turn) {
    reads.after(call, null, new RateBudget.Deferred("wait", turn));
  }

  @BeforeEach
  void holder() {
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/m-1)");
  }

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void theFunctionReadBeforeTheTurnIsAnsweredOnceWhenTheReconcileComesBack() {
    assertThat(reads.answer(GET)).as("nothing read yet").isNull();
    reads.after(GET, FUNCTION, null);
    assertThat(reads.answer(GET)).as("a round that was not sent away reads again").isNull();
    deferred(update(), Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));

    assertThat(reads.answer(GET)).isSameAs(FUNCTION);
    assertThat(reads.answer(GET)).as("once").isNull();
  }

  @Test
  void itsOwnTagWriteIsInWhatItResumesWith() {
    reads.after(GET, FUNCTION, null);
    reads.after(
        write(
            "TagResource",
            TagResourceRequest.builder()
                .resource(ARN)
                .tags(Map.of("lambdaefs.io/fs", "x"))
                .build()),
        null,
        null);
    deferred(update(), Duration.ofSeconds(5));

    GetFunctionResponse resumed = (GetFunctionResponse) reads.answer(GET);
    assertThat(resumed.tags()).containsEntry("team", "a").containsEntry("lambdaefs.io/fs", "x");
    assertThat(resumed.configuration().revisionId()).isEqualTo("r1");
  }

  @Test
  void anUpdateOfTheFunctionOrAMissedTurnMeansReadingAgain() {
    reads.after(GET, FUNCTION, null);
    deferred(update(), Duration.ofSeconds(5));
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/other)");
    reads.after(update(), null, null); // another reconcile updated fn-1
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/m-1)");
    assertThat(reads.answer(GET)).isNull();

    reads.after(GET, FUNCTION, null);
    deferred(update(), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5).plus(RateBudget.GRACE));
    assertThat(reads.answer(GET)).as("back after its turn and the grace").isNull();

    MDC.clear();
    assertThat(reads.answer(GET)).as("a drift poll is no reconcile").isNull();
  }
}
