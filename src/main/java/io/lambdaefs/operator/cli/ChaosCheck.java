package io.lambdaefs.operator.cli;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.status.Conditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * What a chaos run must end with, checked against the simulated account by owner tag, with logic of
 * its own rather than the operator's: every resource left is Ready, and AWS holds exactly what they
 * own. An owned object of no live resource, or one no live resource needs, is leaked; a second one
 * where one is needed is duplicated.
 */
final class ChaosCheck {
  /** What is wrong, by kind; empty lists when the account is as it should be. */
  record Findings(List<String> notReady, List<String> leaked, List<String> duplicated) {
    boolean clean() {
      return notReady.isEmpty() && leaked.isEmpty() && duplicated.isEmpty();
    }
  }

  /** A function's own VPC config: what it has without the operator. */
  record OwnVpc(List<String> subnetIds, List<String> securityGroupIds) {}

  private ChaosCheck() {}

  static Findings check(
      SimulatedAws sim,
      List<LambdaEfsMount> live,
      Map<String, OwnVpc> functionsOfDeleted,
      ChaosWorld world) {
    List<String> notReady = new ArrayList<>();
    List<String> leaked = new ArrayList<>();
    List<String> duplicated = new ArrayList<>();
    Map<String, LambdaEfsMount> byUid = new HashMap<>();
    for (LambdaEfsMount m : live) {
      byUid.put(m.getMetadata().getUid(), m);
      if (m.getMetadata().getDeletionTimestamp() != null) {
        notReady.add(m.getMetadata().getName() + ": still being deleted (" + reconciling(m) + ")");
      } else if (m.getStatus() == null
          || !Objects.equals(m.getMetadata().getGeneration(), m.getStatus().getObservedGeneration())
          || !Conditions.isTrue(m.getStatus().getConditions(), Conditions.READY)) {
        notReady.add(m.getMetadata().getName() + ": " + readiness(m));
      }
    }

    // Access points: one per live resource, matching its spec, mounted by its function.
    Map<String, List<AccessPointDescription>> accessPoints = new HashMap<>();
    for (AccessPointDescription ap : sim.inspect().allAccessPoints()) {
      String uid = tag(ap.tags().stream().map(t -> Map.entry(t.key(), t.value())).toList());
      if (uid != null) {
        accessPoints.computeIfAbsent(uid, k -> new ArrayList<>()).add(ap);
      }
    }
    accessPoints.forEach(
        (uid, aps) -> {
          LambdaEfsMount owner = byUid.get(uid);
          if (owner == null) {
            aps.forEach(ap -> leaked.add("access point " + ap.accessPointId() + " of gone " + uid));
            return;
          }
          List<AccessPointDescription> wanted =
              aps.stream().filter(ap -> matches(ap, owner)).toList();
          aps.stream()
              .filter(ap -> !wanted.contains(ap))
              .forEach(ap -> leaked.add("superseded access point " + ap.accessPointId()));
          wanted.stream()
              .skip(1)
              .forEach(ap -> duplicated.add("second access point " + ap.accessPointId()));
        });
    for (LambdaEfsMount m : live) {
      FunctionConfiguration fn = sim.inspect().function(m.getSpec().getFunctionName());
      List<AccessPointDescription> own =
          accessPoints.getOrDefault(m.getMetadata().getUid(), List.of());
      if (fn == null
          || fn.fileSystemConfigs().size() != 1
          || own.stream()
              .noneMatch(ap -> ap.accessPointArn().equals(fn.fileSystemConfigs().get(0).arn()))) {
        notReady.add(m.getMetadata().getName() + ": its function does not mount its access point");
      }
    }

    // NFS rules: held by a live resource, relied on by one, one per path.
    Map<String, Integer> paths = new HashMap<>();
    for (SecurityGroupRule r : sim.inspect().allRules()) {
      String uid = tag(r.tags().stream().map(t -> Map.entry(t.key(), t.value())).toList());
      if (uid == null) {
        continue;
      }
      String path =
          r.groupId()
              + (r.isEgress() ? " egress to " : " ingress from ")
              + (r.referencedGroupInfo() == null
                  ? r.cidrIpv4()
                  : r.referencedGroupInfo().groupId());
      if (!byUid.containsKey(uid)) {
        leaked.add("rule " + r.securityGroupRuleId() + " (" + path + ") of gone " + uid);
      } else if (!reliedOn(sim, r, live, world)) {
        leaked.add("rule " + r.securityGroupRuleId() + " (" + path + ") nothing relies on");
      }
      if (paths.merge(path, 1, Integer::sum) == 2) {
        duplicated.add("second rule for " + path);
      }
    }

    // Inline policies: only for live resources under iam.mode Manage.
    Set<String> wantedPolicies = new HashSet<>();
    live.forEach(
        m ->
            wantedPolicies.add(
                "lambda-efs-" + m.getMetadata().getNamespace() + "-" + m.getMetadata().getName()));
    for (String role : List.of(ChaosWorld.FULL_ROLE, ChaosWorld.LIMITED_ROLE)) {
      sim.inspect()
          .rolePolicies(role)
          .keySet()
          .forEach(
              name -> {
                if (!wantedPolicies.contains(name)) {
                  leaked.add("inline policy " + name + " on " + role);
                }
              });
    }

    // Functions of deleted resources: given back as they were, without the operator's tags.
    functionsOfDeleted.forEach(
        (name, own) -> {
          FunctionConfiguration fn = sim.inspect().function(name);
          if (fn == null) {
            return;
          }
          if (!fn.fileSystemConfigs().isEmpty()) {
            leaked.add("file system config left on " + name);
          }
          if (!OwnershipTags.functionKeys(sim.inspect().functionTags(name)).isEmpty()) {
            leaked.add("operator tags left on " + name);
          }
          List<String> subnets = fn.vpcConfig() == null ? List.of() : fn.vpcConfig().subnetIds();
          List<String> groups =
              fn.vpcConfig() == null ? List.of() : fn.vpcConfig().securityGroupIds();
          if (!new HashSet<>(subnets).equals(new HashSet<>(own.subnetIds()))
              || !new HashSet<>(groups).equals(new HashSet<>(own.securityGroupIds()))) {
            leaked.add("VPC config of " + name + " not given back: " + subnets + " " + groups);
          }
        });
    return new Findings(List.copyOf(notReady), List.copyOf(leaked), List.copyOf(duplicated));
  }

  private static String readiness(LambdaEfsMount m) {
    if (m.getStatus() == null) {
      return "no status";
    }
    return Conditions.find(m.getStatus().getConditions(), Conditions.READY)
        .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .orElse("no Ready condition");
  }

  private static String reconciling(LambdaEfsMount m) {
    if (m.getStatus() == null) {
      return "no status";
    }
    return Conditions.find(m.getStatus().getConditions(), Conditions.RECONCILING)
        .map(c -> c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .orElse("no Reconciling condition");
  }

  private static String tag(List<Map.Entry<String, String>> tags) {
    boolean managed =
        tags.stream()
            .anyMatch(
                t ->
                    t.getKey().equals(OwnershipTags.MANAGED_BY)
                        && t.getValue().equals(OwnershipTags.MANAGED_BY_VALUE));
    return managed
        ? tags.stream()
            .filter(t -> t.getKey().equals(OwnershipTags.OWNER_UID))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse("(no owner)")
        : null;
  }

  private static boolean matches(AccessPointDescription ap, LambdaEfsMount m) {
    var posix = m.getSpec().getAccessPoint().getPosixUser();
    return ap.fileSystemId().equals(m.getSpec().getFileSystemId())
        && ap.posixUser().uid().equals(posix.getUid())
        && ap.posixUser().gid().equals(posix.getGid())
        && ap.rootDirectory()
            .path()
            .equals(m.getSpec().getAccessPoint().getRootDirectory().getPath());
  }

  /**
   * Some live resource's function has the rule's function-side group and its file system's mount
   * targets the other side.
   */
  private static boolean reliedOn(
      SimulatedAws sim, SecurityGroupRule r, List<LambdaEfsMount> live, ChaosWorld world) {
    if (r.referencedGroupInfo() == null) {
      return false;
    }
    String functionSide = r.isEgress() ? r.groupId() : r.referencedGroupInfo().groupId();
    String mountTargetSide = r.isEgress() ? r.referencedGroupInfo().groupId() : r.groupId();
    for (LambdaEfsMount m : live) {
      FunctionConfiguration fn = sim.inspect().function(m.getSpec().getFunctionName());
      int f = world.fileSystemIndex(m.getSpec().getFileSystemId());
      if (fn != null
          && fn.vpcConfig() != null
          && fn.vpcConfig().securityGroupIds().contains(functionSide)
          && ChaosWorld.mountTargetGroup(f).equals(mountTargetSide)) {
        return true;
      }
    }
    return false;
  }
}
