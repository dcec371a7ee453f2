package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.SdkClientFactory;
import io.lambdaefs.operator.aws.sim.SimClientFactory;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.aws.sim.WorldException;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the read-only commands ({@code plan}, {@code diagnose}) read AWS: a simulated account
 * seeded from a world file, or real AWS with a Region and credentials. What is missing is said in
 * one line, before any AWS call.
 */
final class AwsTarget {
  @Option(
      names = "--world",
      paramLabel = "WORLD",
      description = "Read a simulated AWS account seeded from this world file instead of real AWS.")
  String world;

  @Option(
      names = "--region",
      defaultValue = "${env:AWS_REGION:-}",
      description =
          "Region in real AWS of resources without spec.region (env AWS_REGION; default: the AWS"
              + " SDK's Region chain); a world file has its own Region.")
  String region;

  @Option(
      names = "--aws-endpoint",
      defaultValue = "${env:AWS_ENDPOINT_URL:-}",
      description = "AWS endpoint override, e.g. LocalStack or moto (env AWS_ENDPOINT_URL).")
  String endpoint;

  /** What keeps a command from reading AWS, in one line; {@code file} names the world file. */
  static final class Unavailable extends Exception {
    final String file;

    Unavailable(String file, String message) {
      super(message);
      this.file = file;
    }
  }

  AwsClientFactory clients() throws Unavailable {
    if (world != null) {
      try {
        InputFile file = InputFile.read(world, System.in);
        return new SimClientFactory(SimulatedAws.fromWorldYaml(file.text(), file.name()));
      } catch (InputFile.Unreadable e) {
        throw new Unavailable(world, "cannot read the world file " + e.getMessage());
      } catch (WorldException e) {
        throw new Unavailable(world, "cannot load the world file: " + e.getMessage());
      }
    }
    String r =
        region == null || region.isBlank()
            ? SdkClientFactory.regionFromSdkChain()
                .orElseThrow(
                    () ->
                        new Unavailable(
                            null,
                            "no AWS Region: set --region or AWS_REGION, or a Region in the AWS"
                                + " profile (or read a simulated account with --world FILE)"))
            : region;
    SdkClientFactory aws =
        new SdkClientFactory(
            r, endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint));
    Optional<String> missing = aws.missingCredentials();
    if (missing.isPresent()) {
      aws.close();
      throw new Unavailable(
          null, missing.get() + " (or read a simulated account with --world FILE)");
    }
    return aws;
  }

  /** The Region the user asked for, or null for the default (the world's, or the SDK's). */
  String regionOrNull() {
    return world != null || region == null || region.isBlank() ? null : region;
  }
}
