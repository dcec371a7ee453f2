package io.lambdaefs.operator.runtime;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * An {@link AwsClientFactory} whose clients count every API call in {@link AwsCallMetrics} and pass
 * through the operator's {@link AwsCallGate}, which refuses every call once the operator stops. One
 * mechanism for real AWS and the simulated account alike: each SDK client interface is wrapped in a
 * {@link Proxy} that gates and records every method returning an {@link SdkResponse}. A
 * consumer-builder overload ({@code getFunction(r -> ...)}) is counted once: the client's default
 * method builds the request and calls the target, not the proxy. Closing stays with whoever made
 * the wrapped factory.
 */
public final class InstrumentedClients implements AwsClientFactory {
  private final AwsClientFactory delegate;
  private final AwsCallMetrics metrics;
  private final AwsCallGate gate;
  // Weak keys: a set of clients the delegate dropped from its cache is dropped here too.
  private final Map<AwsClients, AwsClients> wrapped =
      Collections.synchronizedMap(new WeakHashMap<>());

  public InstrumentedClients(AwsClientFactory delegate, AwsCallMetrics metrics, AwsCallGate gate) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.gate = gate;
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    return wrapped.computeIfAbsent(delegate.clients(target), this::instrument);
  }

  @Override
  public String defaultRegion() {
    return delegate.defaultRegion();
  }

  private AwsClients instrument(AwsClients c) {
    return new AwsClients(
        c.region(),
        proxy(LambdaClient.class, "lambda", c.lambda()),
        proxy(EfsClient.class, "efs", c.efs()),
        proxy(Ec2Client.class, "ec2", c.ec2()),
        proxy(IamClient.class, "iam", c.iam()));
  }

  private <T> T proxy(Class<T> type, String service, T target) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> invoke(service, target, method, args));
    return type.cast(proxy);
  }

  private Object invoke(String service, Object target, Method method, Object[] args)
      throws Throwable {
    if (!SdkResponse.class.isAssignableFrom(method.getReturnType())) {
      return call(target, method, args);
    }
    String operation =
        Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
    gate.enter(operation);
    try {
      Object response = call(target, method, args);
      metrics.recordSuccess(service, operation);
      return response;
    } catch (RuntimeException e) {
      metrics.recordFailure(service, operation, e);
      throw e;
    } finally {
      gate.exit();
    }
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
