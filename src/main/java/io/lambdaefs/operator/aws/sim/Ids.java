package io.lambdaefs.operator.aws.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Deterministic AWS-looking ids: the same world and the same call order give the same ids. */
final class Ids {
  private final Map<String, Integer> sequences = new HashMap<>();

  /** The next id with this prefix, e.g. {@code next("fsap", 17)} = "fsap-" + 17 hex digits. */
  String next(String prefix, int hexDigits) {
    int n = sequences.merge(prefix, 1, Integer::sum);
    return derived(prefix, "seq#" + n, hexDigits);
  }

  /**
   * An id derived from a seed (stable across runs), e.g. a mount target from its file system and
   * subnet.
   */
  static String derived(String prefix, String seed, int hexDigits) {
    return prefix + "-" + hex(prefix + "|" + seed).substring(0, hexDigits);
  }

  private static String hex(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
