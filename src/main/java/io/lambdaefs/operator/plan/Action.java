package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import java.util.List;
import java.util.Map;

/** One idempotent AWS write the executor performs. */
public sealed interface Action {

  Facet facet();

  /** One line for logs and the plan command. */
  String describe();

  record CreateAccessPoint(
      String clientToken, String fileSystemId, AccessPointParams params, Map<String, String> tags)
      implements Action {
    /** How many tokens of the sequence the executor tries before it gives up. */
    public static final int MAX_ATTEMPTS = 50;

    /**
     * The token of the {@code attempt}-th try (1: {@link #clientToken()}). Whether EFS forgets a
     * token when its access point is deleted is not documented: when the token names an access
     * point that is gone, the next of this deterministic sequence is tried, so a crash and a
     * restart still find the access point created by the same token.
     */
    public String clientToken(int attempt) {
      return attempt == 1 ? clientToken : clientToken + "-" + attempt;
    }

    public Facet facet() {
      return Facet.ACCESS_POINT;
    }

    public String describe() {
      return "create access point on "
          + fileSystemId
          + " for uid "
          + params.uid()
          + " gid "
          + params.gid()
          + " root "
          + params.rootPath();
    }
  }

  record DeleteAccessPoint(String accessPointId) implements Action {
    public Facet facet() {
      return Facet.ACCESS_POINT;
    }

    public String describe() {
      return "delete access point " + accessPointId;
    }
  }

  record AuthorizeNfs(String groupId, boolean egress, String peerGroupId, Map<String, String> tags)
      implements Action {
    public Facet facet() {
      return Facet.NETWORK;
    }

    public String describe() {
      return egress
          ? "allow egress TCP 2049 from " + groupId + " to " + peerGroupId
          : "allow ingress TCP 2049 to " + groupId + " from " + peerGroupId;
    }
  }

  record RevokeRule(String groupId, String ruleId, boolean egress) implements Action {
    public Facet facet() {
      return Facet.NETWORK;
    }

    public String describe() {
      return "revoke " + (egress ? "egress" : "ingress") + " rule " + ruleId + " of " + groupId;
    }
  }

  /**
   * Re-tags a rule for another resource that relies on it, instead of revoking it from under it.
   */
  record HandOverRule(String groupId, String ruleId, Map<String, String> tags) implements Action {
    public Facet facet() {
      return Facet.NETWORK;
    }

    public String describe() {
      return "hand rule "
          + ruleId
          + " of "
          + groupId
          + " over to "
          + tags.get("lambdaefs.io/owner");
    }
  }

  record TagFunction(String functionArn, Map<String, String> tags) implements Action {
    public Facet facet() {
      return Facet.FUNCTION;
    }

    public String describe() {
      return "tag function " + functionArn + " with " + tags.keySet();
    }
  }

  record UntagFunction(String functionArn, List<String> keys) implements Action {
    public Facet facet() {
      return Facet.FUNCTION;
    }

    public String describe() {
      return "untag function " + functionArn + ": " + keys;
    }
  }

  /**
   * UpdateFunctionConfiguration guarded by RevisionId. A null part is left out of the request
   * (Lambda leaves it unchanged); an empty fileSystemConfigs list detaches.
   */
  record UpdateFunction(
      String functionName, String revisionId, VpcChange vpc, List<MountConfig> fileSystemConfigs)
      implements Action {
    public Facet facet() {
      return Facet.FUNCTION;
    }

    public String describe() {
      StringBuilder b = new StringBuilder("update function " + functionName + ":");
      if (vpc != null) {
        b.append(" subnets ")
            .append(vpc.subnetIds())
            .append(" security groups ")
            .append(vpc.securityGroupIds());
      }
      if (fileSystemConfigs != null) {
        b.append(
            fileSystemConfigs.isEmpty()
                ? " detach file system"
                : " mount "
                    + fileSystemConfigs.get(0).accessPointArn()
                    + " at "
                    + fileSystemConfigs.get(0).localMountPath());
      }
      return b.toString();
    }
  }

  record PutRolePolicy(String roleName, String policyName, String document) implements Action {
    public Facet facet() {
      return Facet.PERMISSIONS;
    }

    public String describe() {
      return "put inline policy " + policyName + " on role " + roleName;
    }
  }

  record DeleteRolePolicy(String roleName, String policyName) implements Action {
    public Facet facet() {
      return Facet.PERMISSIONS;
    }

    public String describe() {
      return "delete inline policy " + policyName + " from role " + roleName;
    }
  }

  /**
   * A whole VpcConfig. Ipv6AllowedForDualStack is sent as the function has it (merged writes) or
   * false (out of the VPC, where Lambda refuses true).
   */
  record VpcChange(
      List<String> subnetIds, List<String> securityGroupIds, boolean ipv6AllowedForDualStack) {}
}
