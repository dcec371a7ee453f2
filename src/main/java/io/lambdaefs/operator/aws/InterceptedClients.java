package io.lambdaefs.operator.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AwsClientFactory} whose clients pass every API call through {@link CallInterceptor}s,
 * in order before the call and in reverse order after it. The clients are plain delegates of the
 * operations the operator calls ({@link InterceptedLambda}, {@link InterceptedEfs}, {@link
 * InterceptedEc2}, {@link InterceptedIam}; the consumer-builder overloads reach them through the
 * SDK interfaces' default methods, so a call is seen once, with its request), not reflection
 * proxies: a proxy of Ec2Client loads the model classes of its hundreds of operations, seconds at
 * start on a small node. An operation not listed there fails with the SDK's
 * UnsupportedOperationException, as it does on the simulated AWS: add it there when the operator
 * starts calling it. Closing stays with whoever made the wrapped factory.
 */
public final class InterceptedClients implements AwsClientFactory {
  private final AwsClientFactory delegate;
  private final List<CallInterceptor> interceptors;
  private final Map<AwsClients, AwsClients> wrapped = new ConcurrentHashMap<>();

  public InterceptedClients(AwsClientFactory delegate, CallInterceptor... interceptors) {
    this.delegate = delegate;
    this.interceptors = List.of(interceptors);
  }

  @Override
  public AwsClients forRegion(String region) {
    return wrapped.computeIfAbsent(delegate.forRegion(region), this::wrap);
  }

  @Override
  public String defaultRegion() {
    return delegate.defaultRegion();
  }

  private AwsClients wrap(AwsClients c) {
    return new AwsClients(
        c.region(),
        new InterceptedLambda(c.lambda(), chain(c, "lambda")),
        new InterceptedEfs(c.efs(), chain(c, "efs")),
        new InterceptedEc2(c.ec2(), chain(c, "ec2")),
        new InterceptedIam(c.iam(), chain(c, "iam")));
  }

  private InterceptorChain chain(AwsClients c, String service) {
    return new InterceptorChain(c.region(), service, interceptors);
  }
}
