package io.lambdaefs.operator.aws;

import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/** One service's calls through the interceptors: in order before, in reverse order after. */
final class InterceptorChain {
  private final String region;
  private final String service;
  private final List<CallInterceptor> interceptors;

  InterceptorChain(String region, String service, List<CallInterceptor> interceptors) {
    this.region = region;
    this.service = service;
    this.interceptors = interceptors;
  }

  <R extends SdkResponse> R call(String operation, SdkRequest request, Supplier<R> send) {
    ApiCall call = new ApiCall(region, service, operation, request);
    int entered = 0;
    try {
      for (CallInterceptor i : interceptors) {
        i.before(call);
        entered++;
      }
    } catch (RuntimeException refused) {
      after(call, entered, null, refused);
      throw refused;
    }
    R response;
    try {
      response = send.get();
    } catch (RuntimeException e) {
      after(call, entered, null, e);
      throw e;
    }
    after(call, entered, response, null);
    return response;
  }

  private void after(ApiCall call, int entered, SdkResponse response, RuntimeException failure) {
    for (int i = entered - 1; i >= 0; i--) {
      interceptors.get(i).after(call, response, failure);
    }
  }
}
