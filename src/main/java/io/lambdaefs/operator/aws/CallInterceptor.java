package io.lambdaefs.operator.aws;

import software.amazon.awssdk.core.SdkResponse;

/** Sees every AWS call an {@link InterceptedClients} makes, before it goes and once it returned. */
public interface CallInterceptor {

  /**
   * An answer this interceptor already holds for the call, so that it is not sent (nor seen by the
   * interceptors after this one); null to send it.
   */
  default SdkResponse answer(ApiCall call) {
    return null;
  }

  /** Before the call goes out; an exception thrown here refuses the call. */
  default void before(ApiCall call) {}

  /**
   * Once the call returned ({@code failure} null) or failed ({@code response} null), whatever the
   * failure: a write whose answer was lost may still have been applied.
   */
  default void after(ApiCall call, SdkResponse response, RuntimeException failure) {}
}
