package io.lambdaefs.operator.plan;

import java.time.Duration;

/**
 * Something that keeps a facet from being ready.
 *
 * @param reason CamelCase condition reason
 * @param message what is wrong, which AWS object, what to change
 * @param recheckAfter for WAITING problems: when looking again is worthwhile
 */
public record Problem(
    Facet facet, Severity severity, String reason, String message, Duration recheckAfter) {

  public enum Severity {
    /** Needs a human: Stalled, and nothing is written to AWS. */
    BLOCKING,
    /** AWS is busy (creating, updating, throttling): Reconciling, look again later. */
    WAITING,
    /** Works today but is fragile or surprising: reported, does not block. */
    WARNING
  }

  public static Problem blocking(Facet facet, String reason, String message) {
    return new Problem(facet, Severity.BLOCKING, reason, message, null);
  }

  public static Problem waiting(Facet facet, String reason, String message, Duration recheckAfter) {
    return new Problem(facet, Severity.WAITING, reason, message, recheckAfter);
  }

  public static Problem warning(Facet facet, String reason, String message) {
    return new Problem(facet, Severity.WARNING, reason, message, null);
  }
}
