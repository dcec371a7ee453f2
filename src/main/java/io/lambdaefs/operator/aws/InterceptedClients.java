package io.lambdaefs.operator.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * An {@link AwsClientFactory} whose clients pass every API call through {@link CallInterceptor}s,
 * in order before the call and in reverse order after it, for real AWS and the simulated one alike.
 * Each SDK client interface is wrapped in a {@link Proxy}: a method that takes the request is
 * intercepted with it; an overload that builds the request (a consumer builder, no argument, a
 * paginator) runs the interface's own default method on the proxy, so the request it builds comes
 * back through the proxy and every call is seen once, with its request, whatever overload the
 * caller used. Closing stays with whoever made the wrapped factory.
 */
public final class InterceptedClients implements AwsClientFactory {
  private final AwsClientFactory delegate;
  private final List<CallInterceptor> interceptors;
  // Weak keys: a set of clients the delegate dropped from its cache is dropped here too.
  private final Map<AwsClients, AwsClients> wrapped =
      Collections.synchronizedMap(new WeakHashMap<>());

  public InterceptedClients(AwsClientFactory delegate, CallInterceptor... interceptors) {
    this.delegate = delegate;
    this.interceptors = List.of(interceptors);
  }

  @Override
  public AwsClients clients(AwsTarget target) {
    String account = accountOf(target);
    return wrapped.computeIfAbsent(delegate.clients(target), c -> wrap(c, account));
  }

  @Override
  public String defaultRegion() {
    return delegate.defaultRegion();
  }

  /** The account a target's calls count against: the assumed role's, or null (the operator's). */
  static String accountOf(AwsTarget target) {
    if (!target.assumesRole()) {
      return null;
    }
    String[] arn = target.roleArn().split(":");
    return arn.length > 4 && !arn[4].isBlank() ? arn[4] : target.roleArn();
  }

  private AwsClients wrap(AwsClients c, String account) {
    return new AwsClients(
        c.region(),
        proxy(LambdaClient.class, chain(account, c, "lambda"), c.lambda()),
        proxy(EfsClient.class, chain(account, c, "efs"), c.efs()),
        proxy(Ec2Client.class, chain(account, c, "ec2"), c.ec2()),
        proxy(IamClient.class, chain(account, c, "iam"), c.iam()),
        account);
  }

  private InterceptorChain chain(String account, AwsClients c, String service) {
    return new InterceptorChain(account, c.region(), service, interceptors);
  }

  private static <T> T proxy(Class<T> type, InterceptorChain chain, T target) {
    InvocationHandler handler =
        (self, method, args) -> {
          if (SdkResponse.class.isAssignableFrom(method.getReturnType())
              && args != null
              && args.length == 1
              && args[0] instanceof SdkRequest request) {
            return chain.call(operation(method), request, () -> invoke(target, method, args));
          }
          if (method.isDefault() && args != null && args.length > 0
              || method.isDefault() && SdkResponse.class.isAssignableFrom(method.getReturnType())) {
            return InvocationHandler.invokeDefault(self, method, args);
          }
          return invoke(target, method, args);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static String operation(Method method) {
    return Character.toUpperCase(method.getName().charAt(0)) + method.getName().substring(1);
  }

  private static Object invoke(Object target, Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
