package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.AwsError;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The result of reading one AWS object: found, absent (AWS said it does not exist) or failed.
 * Observation never throws; a failure is data the planner turns into a condition.
 */
public record Fetched<T>(T value, AwsError error) {

  public static <T> Fetched<T> found(T value) {
    return new Fetched<>(value, null);
  }

  public static <T> Fetched<T> failed(AwsError error) {
    return new Fetched<>(null, error);
  }

  /** Nothing was asked: there was nothing to ask about. */
  public static <T> Fetched<T> notRead() {
    return new Fetched<>(null, null);
  }

  public boolean isFound() {
    return value != null;
  }

  /** AWS answered that the object does not exist. */
  public boolean isAbsent() {
    return value == null && error != null && error.kind() == AwsError.Kind.NOT_FOUND;
  }

  /** The read failed for another reason than "not found". */
  public boolean isFailed() {
    return value == null && error != null && error.kind() != AwsError.Kind.NOT_FOUND;
  }

  /** The same result with what changes on every call (request ids in messages) left out. */
  public Fetched<T> withoutVolatile(UnaryOperator<T> normalizeValue) {
    if (value != null) {
      return found(normalizeValue.apply(value));
    }
    return error == null ? this : failed(new AwsError(error.kind(), error.code(), null));
  }

  /** The value when found; empty when absent, failed or not read. */
  public Optional<T> optional() {
    return Optional.ofNullable(value);
  }

  public <U> Fetched<U> map(Function<T, U> f) {
    return value == null ? new Fetched<>(null, error) : found(f.apply(value));
  }
}
