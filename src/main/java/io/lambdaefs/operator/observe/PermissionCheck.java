package io.lambdaefs.operator.observe;

import java.util.List;
import java.util.Map;

/**
 * IAM's answer (SimulatePrincipalPolicy): the decision per action, e.g. "allowed", "implicitDeny".
 */
public record PermissionCheck(PermissionQuery query, Map<String, String> decisions) {

  public List<String> denied() {
    return query.actions().stream()
        .filter(a -> !"allowed".equalsIgnoreCase(decisions.getOrDefault(a, "implicitDeny")))
        .toList();
  }
}
