package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.util.Objects;

/**
 * No AWS write for a resource the operator cannot report on: before a round writes, the resource is
 * read from the API server. Unreachable, gone, deleted meanwhile (its cleanup takes over) or with a
 * newer spec (its next reconcile plans for that): the round writes nothing and looks again later.
 * One GET per round that writes; a round in sync writes nothing and costs none.
 */
final class WriteFence {
  private WriteFence() {}

  /**
   * Why this round must not write, or null when it may.
   *
   * @param deleting a cleanup round: the resource is expected to carry a deletion timestamp
   */
  static String whyNot(LambdaEfsMount seen, KubernetesClient client, boolean deleting) {
    LambdaEfsMount now;
    try {
      now =
          client
              .resources(LambdaEfsMount.class)
              .inNamespace(seen.getMetadata().getNamespace())
              .withName(seen.getMetadata().getName())
              .get();
    } catch (KubernetesClientException e) {
      return "the API server cannot be reached to report on it (" + e.getMessage() + ")";
    }
    if (now == null || !now.getMetadata().getUid().equals(seen.getMetadata().getUid())) {
      return "it is gone from the API server";
    }
    if (!deleting && now.getMetadata().getDeletionTimestamp() != null) {
      return "it is being deleted: the cleanup takes over";
    }
    if (!deleting
        && !Objects.equals(now.getMetadata().getGeneration(), seen.getMetadata().getGeneration())) {
      return "its spec changed meanwhile: the next round plans for generation "
          + now.getMetadata().getGeneration();
    }
    return null;
  }
}
