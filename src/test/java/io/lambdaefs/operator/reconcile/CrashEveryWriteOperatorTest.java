package io.lambdaefs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator is stopped right after each write it makes while a mount is created, changed and
 * deleted (every AWS write, every status patch, the finalizer), and, for an AWS write, also with
 * AWS's answer lost after the change was made; a fresh operator takes over. The crash points are
 * the writes of an undisturbed run, counted, not chosen by hand.
 */
@Execution(ExecutionMode.CONCURRENT)
class CrashEveryWriteOperatorTest {

  static Stream<Arguments> crashPoints() {
    List<CrashRun.Write> writes = new CrashRun(CrashRun.Point.NONE, false).run();
    assertThat(writes).as("writes of an undisturbed run").hasSizeGreaterThan(10);
    System.out.println("Crash points (an undisturbed run): " + CrashRun.describe(writes));
    List<CrashRun.Point> points = CrashRun.points(writes);
    Stream<Arguments> after =
        IntStream.range(0, points.size()).mapToObj(k -> Arguments.of(k + 1, points.get(k), false));
    Stream<Arguments> lost =
        IntStream.range(0, points.size())
            .filter(k -> writes.get(k).aws())
            .mapToObj(k -> Arguments.of(k + 1, points.get(k), true));
    return Stream.concat(after, lost);
  }

  @ParameterizedTest(name = "crash after write {0} ({1}), its response lost: {2}")
  @MethodSource("crashPoints")
  void aCrashAfterAnyWriteLeavesOneOfEachAndNothingOnceDeleted(
      int k, CrashRun.Point point, boolean responseLost) {
    new CrashRun(point, responseLost).run();
  }
}
