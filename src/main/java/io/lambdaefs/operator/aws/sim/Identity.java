package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.Partition;
import java.util.List;

/**
 * Who makes a call to the simulated AWS: a role of an account, the session it is used in, and the
 * identity policies IAM evaluates for it. The operator's own role (session name = role name, as
 * IRSA's sessions look to the services here), or a role it assumed through STS.
 */
record Identity(String account, String roleName, String sessionName, List<IamPolicy> policies) {

  /** The role's ARN: aws:PrincipalArn of its requests. */
  String roleArn(Partition partition) {
    return partition.arn("iam", "", account, "role/" + roleName);
  }

  /** The session's ARN, as services name the caller in AccessDenied messages. */
  String arn(Partition partition) {
    return partition.arn("sts", "", account, "assumed-role/" + roleName + "/" + sessionName);
  }
}
