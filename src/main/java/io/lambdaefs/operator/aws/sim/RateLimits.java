package io.lambdaefs.operator.aws.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per account and region, AWS's published rates (docs/world-file.md): Lambda
 * GetFunction 100/s, other Lambda control-plane calls share 15/s; EC2 Describe* bucket 100
 * refilling 20/s, Authorize/Revoke bucket 50 refilling 5/s; EFS 25/s. IAM and other EC2 calls are
 * not limited. Refill follows the account clock.
 */
final class RateLimits {
  private static final class Bucket {
    final double capacity;
    final double perSecond;
    double tokens;
    Instant last;

    Bucket(double capacity, double perSecond) {
      this.capacity = capacity;
      this.perSecond = perSecond;
      this.tokens = capacity;
    }

    boolean tryAcquire(Instant now) {
      if (last != null && now.isAfter(last)) {
        double seconds = Duration.between(last, now).toNanos() / 1e9;
        tokens = Math.min(capacity, tokens + seconds * perSecond);
      }
      if (last == null || now.isAfter(last)) {
        last = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  private final Map<String, Bucket> buckets = new HashMap<>();

  void reset() {
    buckets.clear();
  }

  /**
   * @param cell the account and Region the call is made in: each has its own buckets, as in AWS
   */
  boolean tryAcquire(String cell, String operation, Instant now) {
    String name = bucketOf(operation);
    if (name == null) {
      return true;
    }
    return buckets.computeIfAbsent(cell + " " + name, k -> newBucket(name)).tryAcquire(now);
  }

  static String bucketOf(String operation) {
    String op = operation.substring(operation.indexOf(':') + 1);
    switch (Service.ofOperation(operation)) {
      case LAMBDA:
        return op.equals("GetFunction") ? "lambda-get-function" : "lambda-control-plane";
      case EC2:
        if (op.startsWith("Describe")) {
          return "ec2-describe";
        }
        if (op.startsWith("AuthorizeSecurityGroup") || op.startsWith("RevokeSecurityGroup")) {
          return "ec2-sg-rules";
        }
        return null;
      case EFS:
        return "efs";
      default:
        return null;
    }
  }

  private static Bucket newBucket(String name) {
    switch (name) {
      case "lambda-get-function":
        return new Bucket(100, 100);
      case "lambda-control-plane":
        return new Bucket(15, 15);
      case "ec2-describe":
        return new Bucket(100, 20);
      case "ec2-sg-rules":
        return new Bucket(50, 5);
      default:
        return new Bucket(25, 25);
    }
  }
}
