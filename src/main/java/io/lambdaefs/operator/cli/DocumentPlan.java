package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.validate.ValidationError;
import java.util.List;

/**
 * The plan of one document of a file, or why there is none.
 *
 * @param index 1-based position of the document in its file
 * @param validationErrors why the API server would reject the document; non-empty means no plan
 * @param plan what the operator would do; null when the document is invalid
 * @param unreadable AWS reads that failed for another reason than "not found" or a missing
 *     permission (network, 5xx, throttling after the SDK's retries): the plan is incomplete
 */
public record DocumentPlan(
    String source,
    int index,
    String namespace,
    String name,
    List<ValidationError> validationErrors,
    Plan plan,
    List<AwsError> unreadable) {

  public enum Result {
    IN_SYNC("in-sync", 0),
    CHANGES("changes", 2),
    PROBLEMS("problems", 1);

    private final String label;
    private final int exitCode;

    Result(String label, int exitCode) {
      this.label = label;
      this.exitCode = exitCode;
    }

    public String label() {
      return label;
    }

    public int exitCode() {
      return exitCode;
    }

    /** The worse of two results: problems over changes over in-sync. */
    Result worst(Result other) {
      return other.ordinal() > ordinal() ? other : this;
    }
  }

  public boolean valid() {
    return validationErrors.isEmpty();
  }

  /**
   * Problems when the document is invalid, the planner found a blocking problem, or AWS could not
   * be read (a plan from a partial observation would say "changes" when it does not know); changes
   * when there are actions or AWS is still busy (waiting); in-sync otherwise.
   */
  public Result result() {
    if (!valid() || plan.blocked() || !unreadable.isEmpty()) {
      return Result.PROBLEMS;
    }
    return plan.inSync() ? Result.IN_SYNC : Result.CHANGES;
  }

  public String ref() {
    return (namespace == null ? "" : namespace + "/") + (name == null ? "(unnamed)" : name);
  }
}
