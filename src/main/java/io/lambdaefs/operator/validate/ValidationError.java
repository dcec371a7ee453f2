package io.lambdaefs.operator.validate;

/**
 * One reason the API server would reject a document.
 *
 * @param path the field, e.g. {@code spec.accessPoint.posixUser.uid}; empty for the document as a
 *     whole
 * @param message what is wrong and what is expected
 */
public record ValidationError(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
