package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** Prints the simulated AWS objects the demo's resources touch, and lists the owned ones left. */
final class AwsReport {
  private final SimulatedAws sim;
  private final PrintStream out;

  AwsReport(SimulatedAws sim, PrintStream out) {
    this.sim = sim;
    this.out = out;
  }

  /**
   * @return descriptions of objects still tagged as the operator's
   */
  List<String> print(List<LambdaEfsMount> resources) {
    Set<String> fileSystems = new LinkedHashSet<>();
    Set<String> functions = new LinkedHashSet<>();
    resources.forEach(
        r -> {
          fileSystems.add(r.getSpec().getFileSystemId());
          functions.add(r.getSpec().getFunctionName());
        });
    return print(fileSystems, functions);
  }

  /**
   * @return descriptions of objects still tagged as the operator's on these file systems and
   *     functions, and of every security-group rule it tagged
   */
  List<String> print(Set<String> fileSystems, Set<String> functions) {
    List<String> owned = new ArrayList<>();
    for (String fs : fileSystems) {
      for (var ap : sim.inspect().accessPoints(fs)) {
        boolean ours = ap.tags().stream().anyMatch(t -> t.key().equals(OwnershipTags.MANAGED_BY));
        out.printf(
            "  access point %s on %s: %s, root %s%s%n",
            ap.accessPointId(),
            fs,
            ap.lifeCycleStateAsString(),
            ap.rootDirectory() == null ? "/" : ap.rootDirectory().path(),
            ours ? "  [created by the operator]" : "");
        if (ours) {
          owned.add(ap.accessPointId());
        }
      }
    }
    for (String name : functions) {
      var fn = sim.inspect().function(name);
      if (fn == null) {
        continue;
      }
      out.printf(
          "  function %s: subnets %s, security groups %s, file systems %s%n",
          name,
          fn.vpcConfig() == null ? List.of() : fn.vpcConfig().subnetIds(),
          fn.vpcConfig() == null ? List.of() : fn.vpcConfig().securityGroupIds(),
          fn.fileSystemConfigs().stream().map(c -> c.arn() + " at " + c.localMountPath()).toList());
      sim.inspect().functionTags(name).keySet().stream()
          // The owner's tags (lambdaefs.io/allowed-namespaces) are not the operator's.
          .filter(OwnershipTags.FUNCTION_KEYS::contains)
          .forEach(k -> owned.add("tag " + k + " on " + name));
    }
    List<SecurityGroupRule> rules =
        sim.inspect().rulesTagged(OwnershipTags.MANAGED_BY, OwnershipTags.MANAGED_BY_VALUE);
    for (SecurityGroupRule rule : rules) {
      out.printf(
          "  rule %s: %s %s TCP %d %s %s  [created by the operator]%n",
          rule.securityGroupRuleId(),
          rule.groupId(),
          rule.isEgress() ? "egress" : "ingress",
          rule.fromPort(),
          rule.isEgress() ? "to" : "from",
          rule.referencedGroupInfo() == null
              ? rule.cidrIpv4()
              : rule.referencedGroupInfo().groupId());
      owned.add(rule.securityGroupRuleId());
    }
    if (rules.isEmpty()) {
      out.println("  no security-group rule tagged by the operator");
    }
    return owned;
  }
}
