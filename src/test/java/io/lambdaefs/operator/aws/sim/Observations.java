package io.lambdaefs.operator.aws.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** What one account answered in the conformance scenario, by case, with ids replaced by roles. */
final class Observations {
  private final Map<String, String> roles;
  private final Map<String, String> seen = new LinkedHashMap<>();

  Observations(Map<String, String> roles) {
    this.roles = new LinkedHashMap<>(roles);
  }

  /** From now on {@code id} is shown as {@code role}. */
  void role(String id, String role) {
    roles.put(id, role);
  }

  void put(String what, String answer) {
    seen.put(what, roles(answer));
  }

  Map<String, String> all() {
    return Map.copyOf(seen);
  }

  /** Records what the call answered, with ids replaced by roles, or its error. */
  void see(String what, Supplier<String> call) {
    String answer;
    try {
      answer = call.get();
    } catch (AwsServiceException e) {
      answer = error(e);
    }
    put(what, answer);
  }

  /** Records "ok" for a call whose answer has nothing to compare, or its error. */
  void outcome(String what, Runnable call) {
    see(
        what,
        () -> {
          call.run();
          return "ok";
        });
  }

  static String paged(int size, int maxResults, String nextToken) {
    boolean next = nextToken != null && !nextToken.isEmpty();
    return size > maxResults
        ? "MaxResults ignored: " + (next ? "more than asked, and a next page" : "all at once")
        : size + " on the first page, next page: " + next;
  }

  private String roles(String text) {
    String out = text;
    for (Map.Entry<String, String> r : roles.entrySet()) {
      out = out.replace(r.getKey(), r.getValue());
    }
    return out;
  }

  static String error(AwsServiceException e) {
    return e.getClass().getSimpleName()
        + " "
        + e.awsErrorDetails().errorCode()
        + " "
        + e.statusCode();
  }
}
