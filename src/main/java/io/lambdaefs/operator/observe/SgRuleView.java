package io.lambdaefs.operator.observe;

import java.util.Map;

/**
 * One security-group rule (DescribeSecurityGroupRules). Protocol "-1" means all traffic; ports -1
 * mean all ports.
 */
public record SgRuleView(
    String id,
    String groupId,
    boolean egress,
    String protocol,
    int fromPort,
    int toPort,
    String peerGroupId,
    String cidr,
    Map<String, String> tags) {

  /** Whether this rule lets TCP port {@code port} through. */
  public boolean allowsTcp(int port) {
    if ("-1".equals(protocol) || "all".equalsIgnoreCase(protocol)) {
      return true;
    }
    if (!"tcp".equalsIgnoreCase(protocol) && !"6".equals(protocol)) {
      return false;
    }
    return fromPort == -1 || (fromPort <= port && port <= toPort);
  }
}
