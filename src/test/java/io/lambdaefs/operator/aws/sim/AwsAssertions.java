package io.lambdaefs.operator.aws.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Checks that a call fails the way AWS fails: exception class, error code, status and service name.
 */
final class AwsAssertions {
  private AwsAssertions() {}

  static <T extends AwsServiceException> T awsError(
      Class<T> type, String code, int status, String service, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s %s", type.getSimpleName(), code).isInstanceOf(type);
    T e = type.cast(t);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.awsErrorDetails().serviceName()).isEqualTo(service);
    assertThat(e.awsErrorDetails().sdkHttpResponse().statusCode()).isEqualTo(status);
    return e;
  }
}
