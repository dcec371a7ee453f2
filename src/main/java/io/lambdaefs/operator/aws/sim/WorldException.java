package io.lambdaefs.operator.aws.sim;

/**
 * A world file that cannot be loaded; the message names the source and the line, e.g. {@code
 * world.yaml:12: unknown key 'subnetz'}.
 */
public final class WorldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorldException(String message) {
    super(message);
  }

  public WorldException(String message, Throwable cause) {
    super(message, cause);
  }

  static WorldException at(String source, int line, String what) {
    return new WorldException(source + ":" + line + ": " + what);
  }
}
