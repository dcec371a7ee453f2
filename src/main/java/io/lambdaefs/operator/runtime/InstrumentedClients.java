package io.lambdaefs.operator.runtime;

import io.lambdaefs.operator.aws.ApiCall;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import io.lambdaefs.operator.aws.CallInterceptor;
import io.lambdaefs.operator.aws.InterceptedClients;
import software.amazon.awssdk.core.SdkResponse;

/**
 * An {@link AwsClientFactory} whose clients count every API call in {@link AwsCallMetrics} and pass
 * through the operator's {@link AwsCallGate}, which refuses every call once the operator stops, for
 * real AWS and the simulated account alike, through {@link InterceptedClients}. A call the gate
 * refuses is not counted (it never left the process). Closing stays with whoever made the wrapped
 * factory.
 */
public final class InstrumentedClients implements AwsClientFactory {
  private final AwsClientFactory clients;

  public InstrumentedClients(AwsClientFactory delegate, AwsCallMetrics metrics, AwsCallGate gate) {
    this.clients =
        new InterceptedClients(
            delegate,
            new CallInterceptor() {
              @Override
              public void before(ApiCall call) {
                gate.enter(call.operation());
              }

              @Override
              public void after(ApiCall call, SdkResponse response, RuntimeException failure) {
                try {
                  if (failure == null) {
                    metrics.recordSuccess(call.service(), call.operation());
                  } else {
                    metrics.recordFailure(call.service(), call.operation(), failure);
                  }
                } finally {
                  gate.exit();
                }
              }
            });
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    return clients.clients(target);
  }

  @Override
  public String defaultRegion() {
    return clients.defaultRegion();
  }
}
