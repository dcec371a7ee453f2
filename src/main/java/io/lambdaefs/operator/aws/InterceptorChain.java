package io.lambdaefs.operator.aws;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/** One service's calls through the interceptors: in order before, in reverse order after. */
final class InterceptorChain {
  private static final Logger log = LoggerFactory.getLogger(InterceptorChain.class);
  private final String account;
  private final String region;
  private final String service;
  private final List<CallInterceptor> interceptors;

  InterceptorChain(
      String account, String region, String service, List<CallInterceptor> interceptors) {
    this.account = account;
    this.region = region;
    this.service = service;
    this.interceptors = interceptors;
  }

  Object call(String operation, SdkRequest request, Supplier<Object> send) {
    ApiCall call = new ApiCall(account, region, service, operation, request);
    int entered = 0;
    try {
      for (CallInterceptor i : interceptors) {
        SdkResponse held = i.answer(call);
        if (held != null) {
          after(call, entered, held, null);
          return held;
        }
        i.before(call);
        entered++;
      }
    } catch (RuntimeException refused) {
      after(call, entered, null, refused);
      throw refused;
    }
    Object response;
    try {
      response = send.get();
    } catch (RuntimeException e) {
      after(call, entered, null, e);
      throw e;
    }
    after(call, entered, response, null);
    return response;
  }

  private void after(ApiCall call, int entered, Object response, RuntimeException failure) {
    for (int i = entered - 1; i >= 0; i--) {
      try {
        interceptors.get(i).after(call, (SdkResponse) response, failure);
      } catch (RuntimeException e) {
        // What AWS answered stands: an interceptor's own failure is not the call's.
        log.warn(
            "{} after {}: {}",
            interceptors.get(i).getClass().getSimpleName(),
            call.operation(),
            e.toString());
      }
    }
  }
}
