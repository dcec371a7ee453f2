package io.lambdaefs.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;

/**
 * The operator's own pace of AWS calls, on a clock the test moves: what waits, in which order, and
 * what is sent away to come back for its turn.
 */
class RateBudgetTest {
  /** A clock that moves only when a caller "parks". */
  static final class FakeTime implements TimeMeter {
    long nanos;

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    void advance(Duration d) {
      nanos += d.toNanos();
    }
  }

  private final FakeTime time = new FakeTime();
  private final List<Long> parked = new ArrayList<>();

  /** One caller after the other: each parks until its token is due, and the clock moves on. */
  private final RateBudget oneByOne =
      new RateBudget(
          AwsRateLimits.defaults(),
          Duration.ofSeconds(20),
          time,
          nanos -> {
            parked.add(nanos);
            time.nanos += nanos;
          });

  /** Many callers at once: each parks on its own thread while the clock stands still. */
  private final RateBudget concurrent =
      new RateBudget(AwsRateLimits.defaults(), Duration.ofSeconds(20), time, parked::add);

  @AfterEach
  void clearContext() {
    MDC.clear();
  }

  private static ApiCall control(String region) {
    return control(null, region);
  }

  private static ApiCall control(String account, String region) {
    return new ApiCall(
        account,
        region,
        "lambda",
        "TagResource",
        TagResourceRequest.builder().resource("fn").build());
  }

  @Test
  void theBurstGoesAtOnceThenCallsWaitTheirTurnAtTheRefillRate() {
    // Lambda's control plane: a burst of 13, then 13.5 calls a second (AWS: 15).
    for (int i = 0; i < 13; i++) {
      oneByOne.before(control("us-east-1"));
    }
    assertThat(parked).isEmpty();
    for (int i = 0; i < 27; i++) {
      oneByOne.before(control("us-east-1"));
    }
    assertThat(parked).hasSize(27);
    assertThat(time.nanos / 1e9).isCloseTo(27 / 13.5, offset(0.01));
    assertThat(oneByOne.callsThatWaited(ApiFamily.LAMBDA_CONTROL)).isEqualTo(27);
  }

  @Test
  void eachAccountAndRegionHasItsOwnBudgetAndIamOneForThePartition() {
    for (int i = 0; i < 13; i++) {
      oneByOne.before(control("us-east-1"));
      oneByOne.before(control("eu-west-1"));
      oneByOne.before(control("210987654321", "us-east-1"));
    }
    assertThat(parked).as("three accounts and Regions, three bursts of 13").isEmpty();
    oneByOne.before(control("210987654321", "us-east-1"));
    assertThat(parked).as("the other account's budget is spent now").hasSize(1);
    parked.clear();
    ApiCall iamEast = new ApiCall(null, "us-east-1", "iam", "SimulatePrincipalPolicy", null);
    ApiCall iamWest = new ApiCall(null, "eu-west-1", "iam", "SimulatePrincipalPolicy", null);
    for (int i = 0; i < 5; i++) {
      oneByOne.before(iamEast);
      oneByOne.before(iamWest);
    }
    oneByOne.before(iamEast);
    assertThat(parked).as("IAM is global: both Regions drew on one bucket of 10").hasSize(1);
  }

  @Test
  void aReconcileWhoseTurnIsBeyondTheHorizonIsSentAwayForASlotWithoutHoldingItsThread() {
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/a)");
    for (int i = 0; i < 13 + 13; i++) { // the burst, then a second's worth of waiting turns
      concurrent.before(control("us-east-1"));
    }
    long waitedSoFar = parked.size();
    List<Duration> slots = new ArrayList<>();
    for (String r : List.of("b", "c", "d")) {
      MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/" + r + ")");
      try {
        concurrent.before(control("us-east-1"));
      } catch (RateBudget.Deferred d) {
        slots.add(d.retryAfter());
      }
    }
    assertThat(parked).as("no thread waited for the deferred calls").hasSize((int) waitedSoFar);
    assertThat(slots).hasSize(3);
    // One slot per token, in the order the reconciles were sent away.
    assertThat(slots.get(1).minus(slots.get(0)).toMillis()).isBetween(70L, 80L);
    assertThat(slots.get(2).minus(slots.get(1)).toMillis()).isBetween(70L, 80L);
    assertThat(concurrent.deferrals(ApiFamily.LAMBDA_CONTROL)).isEqualTo(3);
  }

  @Test
  void aDeferredReconcileBackInItsSlotGoesBeforeANewcomer() {
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/early)");
    for (int i = 0; i < 26; i++) {
      concurrent.before(control("us-east-1"));
    }
    Duration slot = null;
    try {
      concurrent.before(control("us-east-1"));
    } catch (RateBudget.Deferred d) {
      slot = d.retryAfter();
    }
    assertThat(slot).isNotNull();
    time.advance(slot);
    // A newcomer arriving first fills the horizon ...
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/newcomer)");
    for (int i = 0; i < 14; i++) {
      concurrent.before(control("us-east-1"));
    }
    assertThatThrownBy(() -> concurrent.before(control("us-east-1")))
        .isInstanceOf(RateBudget.Deferred.class);
    // ... the one back in its slot still gets its turn.
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/early)");
    concurrent.before(control("us-east-1"));
  }

  @Test
  void aCallOfNoReconcileWaitsUpToTheLimitThenFailsWithoutBeingSent() {
    RateBudget shortWait =
        new RateBudget(
            AwsRateLimits.defaults().with("lambda-control=1/1"),
            Duration.ofSeconds(2),
            time,
            parked::add);
    shortWait.before(control("us-east-1")); // the burst
    shortWait.before(control("us-east-1")); // due in a second
    shortWait.before(control("us-east-1")); // due in two
    assertThat(parked).containsExactly(1_000_000_000L, 2_000_000_000L);
    assertThatThrownBy(() -> shortWait.before(control("us-east-1")))
        .isInstanceOf(RateBudget.Exhausted.class)
        .hasMessageContaining("lambda-control");
    assertThat(AwsError.classify(new RateBudget.Exhausted("x")).kind())
        .isEqualTo(AwsError.Kind.PACED);
  }

  @Test
  void aReadManyShareWaitsItsTurnInsteadOfSendingItsReconcileAway() {
    MDC.put(RateBudget.HOLDER, "LambdaEfsMount(default/a)");
    for (int i = 0; i < 26; i++) {
      concurrent.before(control("us-east-1"));
    }
    RateBudget.blocking(
        () -> {
          concurrent.before(control("us-east-1"));
          return null;
        });
    assertThat(parked).hasSize(14);
    assertThat(parked.get(13)).isGreaterThan(RateBudget.HORIZON.toNanos());
  }
}
