package io.lambdaefs.operator.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The immutable settings of an access point the operator creates. EFS access points cannot be
 * modified, so a change of any of these means a new access point.
 */
public record AccessPointParams(
    long uid,
    long gid,
    List<Long> secondaryGids,
    String rootPath,
    Long ownerUid,
    Long ownerGid,
    String permissions) {

  public AccessPointParams {
    secondaryGids = secondaryGids == null ? List.of() : List.copyOf(secondaryGids);
    rootPath = rootPath == null || rootPath.isEmpty() ? "/" : rootPath;
  }

  /**
   * Short stable hash of the settings; part of the ClientToken so a new setting gets a new token.
   */
  public String fingerprint() {
    String canonical =
        uid
            + ":"
            + gid
            + ":"
            + secondaryGids.stream().sorted().toList()
            + ":"
            + rootPath
            + ":"
            + Objects.toString(ownerUid)
            + ":"
            + Objects.toString(ownerGid)
            + ":"
            + permissions;
    return sha256(canonical).substring(0, 8);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
