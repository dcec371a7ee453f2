package io.lambdaefs.operator.aws;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's own request rates per {@link ApiFamily}, for each account and Region it calls. The
 * defaults are nine tenths of AWS's published limits (docs/world-file.md lists them), so the
 * operator is paced by itself rather than throttled by AWS, and a tenth of each limit stays free
 * for the account's other tools (deploy pipelines, consoles). EFS and IAM publish no rate; their
 * defaults are below what they are seen to allow.
 */
public record AwsRateLimits(Map<ApiFamily, Rate> rates) {

  /**
   * @param perSecond the refill rate
   * @param burst how many calls may go at once after a quiet spell (the bucket's size)
   */
  public record Rate(double perSecond, int burst) {
    public Rate {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException(
            "a rate must be above 0 per second with a burst of at least 1: "
                + perSecond
                + "/s, burst "
                + burst);
      }
    }

    @Override
    public String toString() {
      return (perSecond == Math.rint(perSecond)
              ? String.valueOf((long) perSecond)
              : String.valueOf(perSecond))
          + "/s (burst "
          + burst
          + ")";
    }
  }

  public AwsRateLimits {
    rates = Map.copyOf(rates);
    for (ApiFamily f : ApiFamily.values()) {
      if (!rates.containsKey(f)) {
        throw new IllegalArgumentException("no rate for " + name(f));
      }
    }
  }

  public static AwsRateLimits defaults() {
    Map<ApiFamily, Rate> r = new EnumMap<>(ApiFamily.class);
    r.put(ApiFamily.LAMBDA_GET_FUNCTION, new Rate(90, 90)); // AWS: 100/s
    r.put(ApiFamily.LAMBDA_CONTROL, new Rate(13.5, 13)); // AWS: 15/s, all other calls together
    r.put(ApiFamily.EC2_DESCRIBE, new Rate(18, 90)); // AWS: bucket 100, refill 20/s
    r.put(ApiFamily.EC2_SG_RULES, new Rate(4.5, 45)); // AWS: bucket 50, refill 5/s
    r.put(ApiFamily.EC2_OTHER, new Rate(4.5, 45)); // AWS's mutating bucket: refill 5/s
    r.put(ApiFamily.EFS, new Rate(20, 20));
    r.put(ApiFamily.IAM, new Rate(10, 10));
    r.put(ApiFamily.STS, new Rate(10, 10));
    return new AwsRateLimits(r);
  }

  public Rate of(ApiFamily family) {
    return rates.get(family);
  }

  /**
   * These limits with some replaced, from {@code family=rate[/burst],...}, e.g. {@code
   * lambda-control=10,ec2-describe=15/75}; a family's name is its enum name in lower case with
   * dashes. Without a burst, the burst is the rate (at least 1).
   */
  public AwsRateLimits with(String overrides) {
    Map<ApiFamily, Rate> r = new EnumMap<>(rates);
    if (overrides == null || overrides.isBlank()) {
      return this;
    }
    for (String item : overrides.split(",")) {
      String entry = item.trim();
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "'" + entry + "' is not family=rate[/burst]; families: " + families());
      }
      ApiFamily family = family(entry.substring(0, eq).trim());
      String value = entry.substring(eq + 1).trim();
      String[] parts = value.split("/", -1);
      try {
        double perSecond = Double.parseDouble(parts[0]);
        int burst =
            parts.length > 1
                ? Integer.parseInt(parts[1])
                : (int) Math.max(1, Math.floor(perSecond));
        r.put(family, new Rate(perSecond, burst));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + value + "' for " + name(family) + " is not rate[/burst], e.g. 10 or 15/75");
      }
    }
    return new AwsRateLimits(r);
  }

  /** Every family's rate, e.g. {@code lambda-get-function=90/s (burst 90), ...}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (ApiFamily f : ApiFamily.values()) {
      s.append(s.length() == 0 ? "" : ", ").append(name(f)).append('=').append(rates.get(f));
    }
    return s.toString();
  }

  public static String name(ApiFamily family) {
    return family.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static ApiFamily family(String name) {
    for (ApiFamily f : ApiFamily.values()) {
      if (name(f).equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown API family '" + name + "'; families: " + families());
  }

  private static String families() {
    StringBuilder s = new StringBuilder();
    for (ApiFamily f : ApiFamily.values()) {
      s.append(s.length() == 0 ? "" : ", ").append(name(f));
    }
    return s.toString();
  }
}
