package io.lambdaefs.operator.runtime;

import io.lambdaefs.operator.aws.AwsError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts AWS API calls as the operator sees them, i.e. after the SDK's own retries: {@code
 * lambdaefs_aws_calls_total{service,operation,outcome}} and {@code
 * lambdaefs_aws_throttled_total{service,operation}}. The outcome is {@code success} or the error's
 * class from {@link AwsError} ({@code throttled}, {@code not_found}, {@code access_denied}, {@code
 * terminal}, {@code conflict}, {@code stale_revision}, {@code retryable}): a bounded set, so error
 * codes never explode the label space.
 */
public final class AwsCallMetrics {
  public static final String CALLS = "lambdaefs.aws.calls";
  public static final String THROTTLED = "lambdaefs.aws.throttled";
  public static final String SUCCESS = "success";

  private final MeterRegistry registry;

  public AwsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String service, String operation, String outcome) {
    Counter.builder(CALLS)
        .description("AWS API calls by service, operation and outcome")
        .tags("service", service, "operation", operation, "outcome", outcome)
        .register(registry)
        .increment();
    if (AwsError.Kind.THROTTLED.name().equalsIgnoreCase(outcome)) {
      Counter.builder(THROTTLED)
          .description("AWS API calls rejected by throttling, after the SDK's retries")
          .tags("service", service, "operation", operation)
          .register(registry)
          .increment();
    }
  }

  public void recordSuccess(String service, String operation) {
    record(service, operation, SUCCESS);
  }

  public void recordFailure(String service, String operation, Throwable failure) {
    record(service, operation, AwsError.classify(failure).kind().name().toLowerCase(Locale.ROOT));
  }

  /** The number of calls recorded so far for one operation, whatever their outcome. */
  public double calls(String service, String operation) {
    return registry.find(CALLS).tags("service", service, "operation", operation).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The number of calls recorded so far, all services and operations together. */
  public double totalCalls() {
    return registry.find(CALLS).counters().stream().mapToDouble(Counter::count).sum();
  }
}
