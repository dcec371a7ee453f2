package io.lambdaefs.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts Kubernetes Events about a LambdaEfsMount (core/v1, as kubectl describe shows them). */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private final String component;

  public EventRecorder(String component) {
    this.component = component;
  }

  public void record(KubernetesClient client, LambdaEfsMount resource, StatusEvents.Event event) {
    String now = Instant.now().toString();
    var meta = resource.getMetadata();
    try {
      client
          .v1()
          .events()
          .inNamespace(meta.getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      meta.getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                  .withNamespace(meta.getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(meta.getName())
                          .withNamespace(meta.getNamespace())
                          .withUid(meta.getUid())
                          .withResourceVersion(meta.getResourceVersion())
                          .build())
                  .withType(event.warning() ? "Warning" : "Normal")
                  .withReason(event.reason())
                  .withMessage(event.message())
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(component)
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; failing to post one must not fail the reconcile.
      log.warn(
          "could not post event {} for {}/{}: {}",
          event.reason(),
          meta.getNamespace(),
          meta.getName(),
          e.getMessage());
    }
  }
}
