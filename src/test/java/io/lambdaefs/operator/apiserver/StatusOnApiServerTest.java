package io.lambdaefs.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.reconcile.OperatorRuntime;
import io.lambdaefs.operator.status.Conditions;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The status on a real API server: what the operator writes is stored as written (the schema prunes
 * nothing), and it is written the way the operator decided to write it (JSON Patch with a
 * resourceVersion precondition, see OperatorRuntime), beside a GitOps tool's server-side apply of
 * the spec.
 */
@ExtendWith(RealApiServer.class)
class StatusOnApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MOUNT = "file-processor-data";
  private static Cluster cluster;

  @BeforeAll
  static void install(Cluster c) {
    cluster = c;
    cluster.applyCrd();
  }

  @Test
  void everyFieldOfTheStatusSurvivesTheServerUnpruned() throws Exception {
    String ns = cluster.namespace("status-roundtrip");
    cluster.kubectl("apply", "-f", cluster.exampleIn(ns).toString()).succeeded();
    LambdaEfsMount stored = InProcessOperator.get(cluster, ns, MOUNT);
    LambdaEfsMountStatus full = populated(LambdaEfsMountStatus.class);

    // The operator's own call (PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource).
    cluster
        .client()
        .resource(stored)
        .editStatus(
            m -> {
              m.setStatus(full);
              return m;
            });

    JsonNode written = JSON.valueToTree(full);
    JsonNode read = JSON.valueToTree(InProcessOperator.get(cluster, ns, MOUNT).getStatus());
    assertThat(read).isEqualTo(written);
    // Nothing the model carries was left out of the fixture: every field is there, none empty.
    assertThat(written.toString()).doesNotContain("null").doesNotContain("[]").doesNotContain("{}");
    cluster.kubectl("delete", "-n", ns, "lem/" + MOUNT).succeeded();
  }

  @Test
  void aStatusComputedFromAStaleReadIsRefusedInsteadOfOverwritingANewerOne() {
    String ns = cluster.namespace("status-stale");
    cluster.kubectl("apply", "-f", cluster.exampleIn(ns).toString()).succeeded();
    LambdaEfsMount stale = InProcessOperator.get(cluster, ns, MOUNT);
    LambdaEfsMount fresh = cluster.client().getKubernetesSerialization().clone(stale);
    cluster
        .client()
        .resource(fresh)
        .editStatus(
            m -> {
              m.setStatus(status("newer"));
              return m;
            });

    assertThatThrownBy(
            () ->
                cluster
                    .client()
                    .resource(stale)
                    .editStatus(
                        m -> {
                          m.setStatus(status("older"));
                          return m;
                        }))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(InProcessOperator.get(cluster, ns, MOUNT).getStatus().getLastSyncTime())
        .isEqualTo("newer");
    cluster.kubectl("delete", "-n", ns, "lem/" + MOUNT).succeeded();
  }

  @Test
  void gitOpsServerSideApplyOfTheSpecAndTheOperatorsPatchesLiveSideBySide() throws Exception {
    String ns = cluster.namespace("status-ssa");
    SimulatedAws sim = InProcessOperator.exampleWorld();
    OperatorRuntime operator = InProcessOperator.start(cluster.newClient(), sim, null);
    try {
      // As Flux's kustomize-controller applies it: server-side, with its own field manager.
      String example = cluster.exampleIn(ns).toString();
      cluster
          .kubectl("apply", "--server-side", "--field-manager=kustomize-controller", "-f", example)
          .succeeded();
      LambdaEfsMount ready = InProcessOperator.awaitCondition(cluster, ns, MOUNT, Conditions.READY);
      assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();

      // The production path: the operator's writes are Update operations (JSON Patch), the
      // status through its subresource; the GitOps tool's is the only Apply.
      List<ManagedFieldsEntry> managers = ready.getMetadata().getManagedFields();
      assertThat(managers)
          .filteredOn(m -> "Apply".equals(m.getOperation()))
          .extracting(ManagedFieldsEntry::getManager)
          .containsExactly("kustomize-controller");
      assertThat(managers)
          .anySatisfy(
              m -> {
                assertThat(m.getOperation()).isEqualTo("Update");
                assertThat(m.getSubresource()).isEqualTo("status");
              });
      assertThat(managers)
          .anySatisfy(
              m -> {
                assertThat(m.getOperation()).isEqualTo("Update");
                assertThat(m.getSubresource()).isNull();
                assertThat(JSON.valueToTree(m.getFieldsV1()).toString()).contains("f:finalizers");
              });

      // The next sync changes the spec: no conflict with the operator's fields, which stay.
      String changed =
          Files.readString(Path.of(example))
              .replace("mountPath: /mnt/data", "mountPath: /mnt/synced");
      Path next = Files.createTempFile("synced", ".yaml");
      Files.writeString(next, changed);
      cluster
          .kubectl(
              "apply",
              "--server-side",
              "--field-manager=kustomize-controller",
              "-f",
              next.toString())
          .succeeded();
      LambdaEfsMount synced = InProcessOperator.get(cluster, ns, MOUNT);
      assertThat(synced.getMetadata().getGeneration()).isEqualTo(2);
      assertThat(synced.getMetadata().getFinalizers())
          .isEqualTo(ready.getMetadata().getFinalizers());
      assertThat(synced.getStatus()).isNotNull();
      LambdaEfsMount again = InProcessOperator.awaitCondition(cluster, ns, MOUNT, Conditions.READY);
      assertThat(again.getStatus().getObservedGeneration()).isEqualTo(2);
      assertThat(sim.inspect().function("file-processor").fileSystemConfigs())
          .extracting(c -> c.localMountPath())
          .containsExactly("/mnt/synced");

      cluster.kubectl("delete", "-n", ns, "lem/" + MOUNT, "--timeout=90s").succeeded();
    } finally {
      operator.close();
    }
  }

  private static LambdaEfsMountStatus status(String lastSync) {
    LambdaEfsMountStatus s = new LambdaEfsMountStatus();
    s.setLastSyncTime(lastSync);
    return s;
  }

  /** An instance with every settable property set to a value, lists with one element. */
  static <T> T populated(Class<T> type) throws Exception {
    T object = type.getConstructor().newInstance();
    for (Method setter : type.getMethods()) {
      if (!setter.getName().startsWith("set")
          || setter.getParameterCount() != 1
          || setter.getName().equals("setAdditionalProperties")
          || setter.getName().equals("setAdditionalProperty")) {
        continue;
      }
      String name =
          Character.toLowerCase(setter.getName().charAt(3)) + setter.getName().substring(4);
      setter.invoke(object, value(setter.getGenericParameterTypes()[0], name));
    }
    return object;
  }

  private static Object value(Type type, String name) throws Exception {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      return List.of(value(p.getActualTypeArguments()[0], name));
    }
    if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
      return Map.of(name, "value-of-" + name);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return "value-of-" + name;
    }
    if (c == Boolean.class || c == boolean.class) {
      return true;
    }
    if (c == Long.class || c == long.class) {
      return 7L;
    }
    if (c == Integer.class || c == int.class) {
      return 7;
    }
    return populated(c);
  }
}
