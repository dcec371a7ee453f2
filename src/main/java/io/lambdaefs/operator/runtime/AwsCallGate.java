package io.lambdaefs.operator.runtime;

import java.time.Duration;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What makes a stopped operator stopped for AWS: once closed, every AWS call of its clients is
 * refused before it leaves the process, and {@link #awaitIdle(Duration)} tells when the calls
 * already under way have returned (a thread blocked in one is interrupted by the executors' stop).
 * Stopping the executors alone lets a reconcile that is running go on writing.
 */
public final class AwsCallGate {
  private boolean closed;
  private int inFlight;

  /** Enters one call; refused once the gate is closed. Every successful enter needs an exit. */
  public synchronized void enter(String operation) {
    if (closed) {
      throw SdkClientException.create(
          "the operator is stopping: " + operation + " was not sent to AWS");
    }
    inFlight++;
  }

  public synchronized void exit() {
    inFlight--;
    notifyAll();
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Refuses every call from now on. */
  public synchronized void close() {
    closed = true;
  }

  /** Waits, at most {@code drain}, for the calls under way to return; whether none is left. */
  public synchronized boolean awaitIdle(Duration drain) {
    long deadline = System.nanoTime() + drain.toNanos();
    try {
      for (long left = drain.toNanos();
          inFlight > 0 && left > 0;
          left = deadline - System.nanoTime()) {
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return inFlight == 0;
  }
}
