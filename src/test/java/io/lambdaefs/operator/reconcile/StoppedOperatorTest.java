package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsTarget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A stopped operator is stopped: close() returns only once the AWS call under way has returned, and
 * from then on not one more AWS call is made, neither by the round that was under way (it is cut
 * off at its next call) nor by one queued for later.
 */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class StoppedOperatorTest {
  @RegisterExtension final OperatorHarness harness = OperatorHarness.prepare();

  @Test
  void noAwsCallLeavesAStoppedOperatorNotEvenFromTheRoundThatWasUnderWay() throws Exception {
    HeldCall held = new HeldCall();
    harness.startOperator(held::around);
    harness.create(ExampleMounts.creating("data"));
    harness.awaitReady("data");

    held.holdNextGetFunction();
    assertThat(held.entered.await(OperatorHarness.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("a round reached GetFunction")
        .isTrue();
    AtomicBoolean closed = new AtomicBoolean();
    Thread stopping =
        new Thread(
            () -> {
              harness.operator().close();
              closed.set(true);
            });
    stopping.start();
    // A call on the wire cannot be taken back (a blocking socket read ignores the interrupt).
    OperatorHarness.letTimePass(OperatorHarness.POLL_INTERVAL);
    boolean closedBeforeTheCallReturned = closed.get();
    held.release();
    stopping.join(OperatorHarness.TIMEOUT.toMillis());
    int calls = harness.sim().calls().total();

    assertThat(closedBeforeTheCallReturned)
        .as("close() returned while an AWS call was under way")
        .isFalse();
    assertThat(closed).isTrue();
    OperatorHarness.letTimePass(OperatorHarness.POLL_INTERVAL.multipliedBy(5));
    assertThat(harness.sim().calls().total())
        .as("AWS calls after the stop: %s", harness.sim().calls())
        .isEqualTo(calls);
  }

  /** Holds one GetFunction, whatever interrupts its thread, until released. */
  private static final class HeldCall {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean();

    void holdNextGetFunction() {
      armed.set(true);
    }

    void release() {
      released.countDown();
    }

    AwsClientFactory around(AwsClientFactory sim) {
      return new AwsClientFactory() {
        @Override
        public AwsClients clients(AwsTarget target) {
          AwsClients c = sim.clients(target);
          return new AwsClients(c.region(), lambda(c.lambda()), c.efs(), c.ec2(), c.iam());
        }

        @Override
        public String defaultRegion() {
          return sim.defaultRegion();
        }
      };
    }

    private LambdaClient lambda(LambdaClient target) {
      return (LambdaClient)
          Proxy.newProxyInstance(
              LambdaClient.class.getClassLoader(),
              new Class<?>[] {LambdaClient.class},
              (self, method, args) -> {
                if (method.getName().equals("getFunction") && armed.compareAndSet(true, false)) {
                  entered.countDown();
                  awaitIgnoringInterrupts();
                }
                try {
                  return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    private void awaitIgnoringInterrupts() {
      boolean interrupted = false;
      while (true) {
        try {
          released.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
