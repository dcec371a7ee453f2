package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FunctionView;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.plan.SharedRules;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * For each NFS rule a resource releases, a live resource of this installation that relies on it:
 * the candidates are the resources in the informer's cache that are not being deleted, and the
 * planner's {@link SharedRules} decides from their specs, their functions' security groups and
 * their file systems' mount targets, read from AWS. No status is read. The first candidate that
 * relies on a rule inherits it; a failed read fails the whole answer (never "nobody").
 */
final class RuleHeirs {
  private final Observer observer;
  private final AwsClientFactory aws;
  private final Planner planner;
  private final String externalId;

  RuleHeirs(Observer observer, AwsClientFactory aws, Planner planner, String externalId) {
    this.observer = observer;
    this.aws = aws;
    this.planner = planner;
    this.externalId = externalId;
  }

  /**
   * The heirs among the resources in the same account and Region as the releasing one (a rule is in
   * that account's security groups), each read through its own target; a resource whose role its
   * namespace may not use is not asked about.
   */
  Fetched<Map<String, Map<String, String>>> find(
      DesiredMount releasing, List<SgRuleView> rules, Stream<LambdaEfsMount> cached) {
    List<DesiredMount> candidates =
        cached
            .filter(r -> live(r) && !r.getMetadata().getUid().equals(releasing.uid()))
            .sorted(
                Comparator.comparing((LambdaEfsMount r) -> r.getMetadata().getNamespace())
                    .thenComparing(r -> r.getMetadata().getName()))
            .map(RuleHeirs::desired)
            .filter(Objects::nonNull)
            .filter(d -> sameCell(d, releasing) && planner.refusal(d) == null)
            .toList();
    Map<String, Fetched<FileSystemView>> fileSystems = new HashMap<>();
    Map<String, Fetched<FunctionView>> functions = new HashMap<>();
    Map<String, Map<String, String>> heirs = new LinkedHashMap<>();
    for (SgRuleView rule : rules) {
      for (DesiredMount candidate : candidates) {
        AwsClients clients = aws.clients(candidate.awsTarget(externalId));
        Fetched<FileSystemView> fs =
            fileSystems.computeIfAbsent(
                candidate.fileSystemId(), id -> observer.fileSystem(id, clients));
        if (fs.isFailed()) {
          return Fetched.failed(fs.error());
        }
        if (!fs.isFound() || !SharedRules.mayRelyOn(fs.value(), rule)) {
          continue;
        }
        Fetched<FunctionView> fn =
            functions.computeIfAbsent(
                candidate.functionName(), name -> observer.function(name, clients));
        if (fn.isFailed()) {
          return Fetched.failed(fn.error());
        }
        if (fn.isFound() && SharedRules.reliesOn(candidate, fn.value(), fs.value(), rule)) {
          heirs.put(rule.id(), candidate.ownershipTags());
          break;
        }
      }
    }
    return Fetched.found(Map.copyOf(heirs));
  }

  /** In the cache and not being deleted: a resource that can still hold a rule. */
  static boolean live(LambdaEfsMount r) {
    return r.getMetadata().getDeletionTimestamp() == null;
  }

  /** Whether the ownership tags name a resource that is live in the cache now. */
  static boolean stillLive(Map<String, String> heir, Stream<LambdaEfsMount> cached) {
    String uid = heir.get(OwnershipTags.OWNER_UID);
    return cached.anyMatch(r -> live(r) && r.getMetadata().getUid().equals(uid));
  }

  /**
   * The same Region and the same account: the account of spec.roleArn, or the operator's own when
   * it names none. A role of the operator's own account named in one spec and not in the other
   * counts as another account: the rule is then revoked rather than handed over, and the other
   * resource's next reconcile opens its path again (as across installations, docs/RELIABILITY.md).
   */
  private boolean sameCell(DesiredMount a, DesiredMount b) {
    return regionOf(a).equals(regionOf(b)) && Objects.equals(accountOf(a), accountOf(b));
  }

  private String regionOf(DesiredMount d) {
    return d.region() == null || d.region().isBlank() ? aws.defaultRegion() : d.region();
  }

  private static String accountOf(DesiredMount d) {
    return d.roleArn() == null ? null : d.roleArn().split(":", 6)[4];
  }

  /** A resource whose spec cannot be read (not yet valid) relies on nothing. */
  private static DesiredMount desired(LambdaEfsMount r) {
    try {
      DesiredMount d = DesiredMount.of(r);
      return d.fileSystemId() == null || d.functionName() == null ? null : d;
    } catch (RuntimeException invalid) {
      return null;
    }
  }
}
