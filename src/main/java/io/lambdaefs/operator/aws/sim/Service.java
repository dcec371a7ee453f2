package io.lambdaefs.operator.aws.sim;

import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.InternalServerErrorException;
import software.amazon.awssdk.services.efs.model.ThrottlingException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.model.StsException;

/** The simulated services, with the error shapes each one uses. */
enum Service {
  LAMBDA("Lambda"),
  EFS("EFS"),
  EC2("EC2"),
  IAM("IAM"),
  STS("STS");

  /** The prefix of call-counter keys and the service name in error details. */
  final String label;

  Service(String label) {
    this.label = label;
  }

  static Service ofOperation(String operation) {
    String prefix = operation.substring(0, Math.max(0, operation.indexOf(':')));
    for (Service s : values()) {
      if (s.label.equals(prefix)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "operation must look like 'Service:Operation' with Service one of"
            + " Lambda, EFS, EC2, IAM, STS: "
            + operation);
  }

  /** Fills message, status and error details into any of this service's exception builders. */
  <B extends AwsServiceException.Builder> RuntimeException error(
      B builder, String code, int status, String message) {
    AwsErrorDetails details =
        AwsErrorDetails.builder()
            .errorCode(code)
            .errorMessage(message)
            .serviceName(label)
            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
            .build();
    // The SDK appends "(Service: ..., Status Code: ..., Request ID: ...)" to the message itself.
    builder
        .message(message)
        .statusCode(status)
        .requestId(UUID.randomUUID().toString())
        .awsErrorDetails(details);
    return (RuntimeException) builder.build();
  }

  /** The error this service answers with when a request is throttled. */
  RuntimeException throttling(String operation) {
    switch (this) {
      case LAMBDA:
        return error(
            TooManyRequestsException.builder().type("User").reason("CallerRateLimitExceeded"),
            "TooManyRequestsException",
            429,
            "Rate exceeded");
      case EFS:
        return error(
            ThrottlingException.builder().errorCode("ThrottlingException"),
            "ThrottlingException",
            429,
            "Rate exceeded for " + operation);
      case EC2:
        return error(
            Ec2Exception.builder(), "RequestLimitExceeded", 503, "Request limit exceeded.");
      case STS:
        return error(StsException.builder(), "Throttling", 400, "Rate exceeded");
      default:
        return error(IamException.builder(), "Throttling", 400, "Rate exceeded");
    }
  }

  /**
   * The answer to a request signed with role-session credentials that have expired: the JSON
   * services (Lambda, EFS) call it ExpiredTokenException, the query services ExpiredToken.
   */
  RuntimeException expiredToken() {
    String message = "The security token included in the request is expired";
    return switch (this) {
      case LAMBDA -> error(LambdaException.builder(), "ExpiredTokenException", 403, message);
      case EFS -> error(EfsException.builder(), "ExpiredTokenException", 403, message);
      case EC2 -> error(Ec2Exception.builder(), "ExpiredToken", 400, message);
      case IAM -> error(IamException.builder(), "ExpiredToken", 403, message);
      case STS -> error(StsException.builder(), "ExpiredToken", 400, message);
    };
  }

  /** The answer to credentials the services do not know. */
  RuntimeException invalidToken() {
    String message = "The security token included in the request is invalid.";
    return switch (this) {
      case LAMBDA -> error(LambdaException.builder(), "UnrecognizedClientException", 403, message);
      case EFS -> error(EfsException.builder(), "UnrecognizedClientException", 403, message);
      case EC2 -> error(Ec2Exception.builder(), "AuthFailure", 401, message);
      case IAM -> error(IamException.builder(), "InvalidClientTokenId", 403, message);
      case STS -> error(StsException.builder(), "InvalidClientTokenId", 403, message);
    };
  }

  /** A 500 of this service, as seen when a response is lost after the change was made. */
  RuntimeException internalError() {
    switch (this) {
      case LAMBDA:
        return error(
            ServiceException.builder().type("Service"),
            "ServiceException",
            500,
            "An internal error occurred.");
      case EFS:
        return error(
            InternalServerErrorException.builder().errorCode("InternalServerError"),
            "InternalServerError",
            500,
            "An internal error occurred.");
      case EC2:
        return error(
            Ec2Exception.builder(), "InternalError", 500, "An internal error has occurred.");
      case STS:
        return error(StsException.builder(), "InternalFailure", 500, "An internal error occurred.");
      default:
        return error(
            ServiceFailureException.builder(),
            "ServiceFailure",
            500,
            "An internal error occurred.");
    }
  }
}
