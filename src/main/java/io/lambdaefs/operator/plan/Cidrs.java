package io.lambdaefs.operator.plan;

import java.util.List;

/** IPv4 CIDR containment, for rules that allow NFS by address instead of by security group. */
final class Cidrs {
  private Cidrs() {}

  /** True when {@code cidr} contains every one of {@code targets} (addresses or CIDR blocks). */
  static boolean coversAll(String cidr, List<String> targets) {
    if (cidr == null || targets.isEmpty()) {
      return false;
    }
    for (String target : targets) {
      if (target == null || !covers(cidr, target)) {
        return false;
      }
    }
    return true;
  }

  static boolean covers(String cidr, String target) {
    try {
      long[] outer = block(cidr);
      long[] inner = block(target.contains("/") ? target : target + "/32");
      return inner[1] >= outer[1] && (inner[0] & mask(outer[1])) == outer[0];
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static long[] block(String cidr) {
    String[] parts = cidr.split("/");
    String[] octets = parts[0].split("\\.");
    long address = 0;
    for (String o : octets) {
      address = (address << 8) | Integer.parseInt(o);
    }
    int prefix = Integer.parseInt(parts[1]);
    return new long[] {address & mask(prefix), prefix};
  }

  private static long mask(long prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }
}
