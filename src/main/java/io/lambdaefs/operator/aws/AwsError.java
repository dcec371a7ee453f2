package io.lambdaefs.operator.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * One classification of every AWS failure: what kind it is, the AWS error code and the message, as
 * plain data the planner and the status reporter can use.
 *
 * @param retryAfter when to try again, when the failure tells (the operator's own pace); else null
 */
public record AwsError(Kind kind, String code, String message, Duration retryAfter) {

  public AwsError(Kind kind, String code, String message) {
    this(kind, code, message, null);
  }

  public enum Kind {
    /** The object does not exist. */
    NOT_FOUND,
    /** Missing IAM permission for the operator. */
    ACCESS_DENIED,
    /** The request is invalid or a limit is reached: a human must change something. */
    TERMINAL,
    /** Lambda 409: an update is in progress. Requeue with backoff. */
    CONFLICT,
    /** Lambda 412: the RevisionId is stale. Re-read and retry. */
    STALE_REVISION,
    /** Throttling: back off with jitter. */
    THROTTLED,
    /** 5xx, network, lost responses: retry with backoff. */
    RETRYABLE,
    /**
     * Not sent: the call waits for its turn in the operator's own rate budget ({@link RateBudget});
     * retry at {@link #retryAfter()}. AWS was not asked and did not throttle.
     */
    PACED,
    /**
     * A service does not see an IAM change yet (IAM is eventually consistent): retry shortly. Only
     * the planner, which knows the change was made or verified, reads an error this way.
     */
    PROPAGATING
  }

  public boolean retryable() {
    return kind == Kind.CONFLICT
        || kind == Kind.STALE_REVISION
        || kind == Kind.THROTTLED
        || kind == Kind.RETRYABLE
        || kind == Kind.PACED
        || kind == Kind.PROPAGATING;
  }

  public boolean is(String awsCode) {
    return awsCode.equals(code);
  }

  /** The code of a refused AssumeRole: the role's trust policy or the operator's policy. */
  public static final String ASSUME_ROLE_DENIED = "AssumeRoleDenied";

  public static AwsError classify(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AssumeRoleFailure f) {
        AwsError sts = classify(f.getCause());
        return sts.kind() == Kind.ACCESS_DENIED
            ? new AwsError(Kind.ACCESS_DENIED, ASSUME_ROLE_DENIED, sts.message())
            : new AwsError(
                sts.kind(), sts.code(), "sts:AssumeRole on " + f.roleArn() + ": " + sts.message());
      }
    }
    if (t instanceof AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String message =
          e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
              ? e.getMessage()
              : e.awsErrorDetails().errorMessage();
      code = code == null ? e.getClass().getSimpleName() : code;
      return new AwsError(kindOf(e, code), code, message);
    }
    if (t instanceof RateBudget.Deferred d) {
      return new AwsError(Kind.PACED, "OperatorRateBudget", d.getMessage(), d.retryAfter());
    }
    if (t instanceof RateBudget.Exhausted) {
      return new AwsError(Kind.PACED, "OperatorRateBudget", t.getMessage());
    }
    if (t instanceof SdkClientException
        && String.valueOf(t.getMessage()).startsWith("Unable to load credentials")) {
      // The SDK lists every provider of its chain and why each failed: a page, not a reason.
      return new AwsError(Kind.RETRYABLE, "NoCredentials", SdkClientFactory.NO_CREDENTIALS);
    }
    if (t instanceof SdkClientException) {
      return new AwsError(Kind.RETRYABLE, "ClientError", String.valueOf(t.getMessage()));
    }
    return new AwsError(
        Kind.RETRYABLE, t.getClass().getSimpleName(), String.valueOf(t.getMessage()));
  }

  private static Kind kindOf(AwsServiceException e, String code) {
    if (e.isThrottlingException()
        || code.equals("RequestLimitExceeded")
        || code.equals("Throttling")
        || code.equals("ThrottlingException")
        || code.equals("TooManyRequestsException")) {
      return Kind.THROTTLED;
    }
    if (code.startsWith("ExpiredToken")) {
      // Session credentials ran out; the provider renews them on the next request.
      return Kind.RETRYABLE;
    }
    if (code.equals("ResourceConflictException")) {
      return Kind.CONFLICT;
    }
    if (code.equals("PreconditionFailedException")) {
      return Kind.STALE_REVISION;
    }
    if (code.endsWith("NotFound")
        || code.endsWith("NotFoundException")
        || code.equals("NoSuchEntity")
        || e.statusCode() == 404) {
      return Kind.NOT_FOUND;
    }
    if (code.contains("AccessDenied")
        || code.equals("UnauthorizedOperation")
        || code.equals("AuthFailure")
        || e.statusCode() == 403 && !code.contains("Limit")) {
      return Kind.ACCESS_DENIED;
    }
    if (e.statusCode() >= 500) {
      return Kind.RETRYABLE;
    }
    return Kind.TERMINAL;
  }
}
