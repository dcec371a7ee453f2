package io.lambdaefs.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.AwsError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift poller reconciles only when AWS really changed: volatile fields never count. */
class ObservationNormalisationTest {

  static FunctionView function(
      String revision, List<String> subnets, List<FunctionView.MountConfig> mounts) {
    return new FunctionView(
        "f",
        "arn:aws:lambda:us-east-1:123456789012:function:f",
        "arn:aws:iam::123456789012:role/r",
        "Active",
        null,
        null,
        "Successful",
        null,
        null,
        revision,
        "vpc-1",
        subnets,
        List.of("sg-1"),
        false,
        mounts,
        Map.of());
  }

  static Observation observation(FunctionView fn, Fetched<FileSystemView> fs, Instant at) {
    return new Observation(
        Fetched.found(fn),
        fs,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        at);
  }

  @Test
  void revisionIdTimeAndSubnetOrderDoNotCount() {
    Fetched<FileSystemView> fs =
        Fetched.failed(new AwsError(AwsError.Kind.THROTTLED, "ThrottlingException", "req 1"));
    Observation a =
        observation(
            function("rev-1", List.of("subnet-a", "subnet-b"), List.of()),
            fs,
            Instant.parse("2026-01-01T00:00:00Z"));
    Observation b =
        observation(
            function("rev-2", List.of("subnet-b", "subnet-a"), List.of()),
            Fetched.failed(new AwsError(AwsError.Kind.THROTTLED, "ThrottlingException", "req 2")),
            Instant.parse("2026-01-01T00:05:00Z"));
    assertThat(a).isNotEqualTo(b);
    assertThat(a.withoutVolatile()).isEqualTo(b.withoutVolatile());
  }

  @Test
  void aDetachedFileSystemCounts() {
    Fetched<FileSystemView> fs =
        Fetched.failed(new AwsError(AwsError.Kind.NOT_FOUND, "FileSystemNotFound", "x"));
    Observation mounted =
        observation(
            function(
                "rev-1",
                List.of("subnet-a"),
                List.of(new FunctionView.MountConfig("arn:ap", "/mnt/data"))),
            fs,
            Instant.EPOCH);
    Observation detached =
        observation(function("rev-1", List.of("subnet-a"), List.of()), fs, Instant.EPOCH);
    assertThat(mounted.withoutVolatile()).isNotEqualTo(detached.withoutVolatile());
  }

  static Fetched<FileSystemView> fileSystem(long size, FileSystemView.MountedFunction... users) {
    return Fetched.found(
        new FileSystemView(
            "fs-1",
            "arn:fs-1",
            "available",
            null,
            List.of(),
            "bursting",
            size,
            List.of(users),
            Map.of()));
  }

  @Test
  void theMeteredSizeAndFunctionsWithoutReservedConcurrencyDoNotCount() {
    FunctionView fn = function("rev-1", List.of("subnet-a"), List.of());
    var reserved = new FileSystemView.MountedFunction("arn:f", 500);
    var unreserved = new FileSystemView.MountedFunction("arn:g", null);
    Observation before = observation(fn, fileSystem(6144, reserved), Instant.EPOCH);
    Observation after =
        observation(fn, fileSystem(10_000_000, reserved, unreserved), Instant.EPOCH);
    assertThat(before.withoutVolatile()).isEqualTo(after.withoutVolatile());

    Observation more =
        observation(
            fn,
            fileSystem(6144, reserved, new FileSystemView.MountedFunction("arn:h", 9000)),
            Instant.EPOCH);
    assertThat(more.withoutVolatile())
        .as("a function that holds connections counts")
        .isNotEqualTo(before.withoutVolatile());
  }
}
