package io.lambdaefs.operator.ship;

import static io.lambdaefs.operator.ship.Chart.find;
import static io.lambdaefs.operator.ship.Chart.ofKind;
import static io.lambdaefs.operator.ship.Chart.path;
import static io.lambdaefs.operator.ship.Chart.the;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.lambdaefs.operator.config.Tenancy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, checked with real Helm: lint, defaults, non-default values, RBAC, pod security.
 */
class HelmChartTest {

  static final String CRD_FILE = "lambdaefsmounts.lambdaefs.io-v1.yml";
  static final String IRSA_ROLE = "arn:aws:iam::123456789012:role/lambda-efs-operator";

  static final String CUSTOM_VALUES =
      """
      replicaCount: 1
      watchNamespaces: [team-a, team-b]
      labelSelector: lambdaefs.io/shard=a
      logFormat: json
      logLevel: debug
      pollInterval: 90s
      awsRateLimits: "lambda-control=5,ec2-describe=10/50"
      reconcileThreads: 8
      aws:
        region: eu-west-1
        endpoint: http://moto.test:5000
      tenancy:
        requireNamespaceTags: false
        allowedRoles:
          team-a: ["arn:aws:iam::222222222222:role/lambda-efs-team-a", "arn:aws:iam::333333333333:role/efs-*"]
          "*": ["arn:aws:iam::444444444444:role/shared"]
        externalId: cluster-1
      serviceAccount:
        annotations:
          eks.amazonaws.com/role-arn: %s
      metrics:
        serviceMonitor:
          enabled: true
          labels: {release: prometheus}
      extraEnv:
        - {name: EXTRA_FLAG, value: "1"}
      """
          .formatted(IRSA_ROLE);

  /** The only subject any binding of the chart names: the operator's ServiceAccount. */
  static final List<Map<String, Object>> OPERATOR_SUBJECTS =
      List.of(
          Map.of(
              "kind",
              "ServiceAccount",
              "name",
              "lambda-efs-operator",
              "namespace",
              Chart.NAMESPACE));

  /** The rules the operator needs on LambdaEfsMount resources and events, exactly. */
  static final List<Map<String, Object>> OPERATOR_RULES =
      List.of(
          rule(
              List.of("lambdaefs.io"),
              List.of("lambdaefsmounts"),
              List.of("get", "list", "watch", "patch", "update")),
          rule(
              List.of("lambdaefs.io"),
              List.of("lambdaefsmounts/status"),
              List.of("get", "patch", "update")),
          rule(List.of("lambdaefs.io"), List.of("lambdaefsmounts/finalizers"), List.of("update")),
          rule(List.of("", "events.k8s.io"), List.of("events"), List.of("create", "patch")));

  static final List<Map<String, Object>> LEASE_RULES =
      List.of(
          rule(
              List.of("coordination.k8s.io"),
              List.of("leases"),
              List.of("get", "create", "update", "patch")));

  static Map<String, Object> rule(List<String> groups, List<String> resources, List<String> verbs) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("apiGroups", groups);
    r.put("resources", resources);
    r.put("verbs", verbs);
    return r;
  }

  @Test
  void helmLintReportsNoErrorsAndNoWarnings() {
    LintResult result = new Helm(Chart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[ERROR]"))
        .noneMatch(m -> m.contains("[WARNING]"));
  }

  @Test
  void chartCrdIsByteEqualToTheTopLevelCrdAndTheGeneratedOne() throws IOException {
    byte[] chartCrd = Files.readAllBytes(Chart.CHART.resolve("crds").resolve(CRD_FILE));
    byte[] topLevel = Files.readAllBytes(Chart.ROOT.resolve("crds").resolve(CRD_FILE));
    assertThat(chartCrd)
        .as("helm/lambda-efs-operator/crds/%s must be a copy of crds/%s", CRD_FILE, CRD_FILE)
        .isEqualTo(topLevel);
    // The generator runs in process-classes, before any test: the copies must match what the model
    // generates.
    Path generated =
        Chart.ROOT
            .resolve(System.getProperty("buildDir", "target"))
            .resolve("classes/META-INF/fabric8")
            .resolve(CRD_FILE);
    assertThat(generated).exists();
    assertThat(topLevel)
        .as("crds/%s is stale: copy %s", CRD_FILE, generated)
        .isEqualTo(Files.readAllBytes(generated));
    try (var files = Files.list(Chart.CHART.resolve("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CRD_FILE);
    }
  }

  @Test
  void defaultsRenderTheExpectedObjects() {
    List<Map<String, Object>> docs = Chart.render(null);
    assertThat(docs.stream().map(d -> d.get("kind") + "/" + path(d, "metadata.name")))
        .containsExactlyInAnyOrder(
            "ServiceAccount/lambda-efs-operator",
            "ClusterRole/lambda-efs-operator",
            "ClusterRoleBinding/lambda-efs-operator",
            "Role/lambda-efs-operator-leader-election",
            "RoleBinding/lambda-efs-operator-leader-election",
            "Deployment/lambda-efs-operator",
            "Service/lambda-efs-operator-metrics",
            "PodDisruptionBudget/lambda-efs-operator");
    // helm template renders no CRD unless asked; the CRD travels in crds/.
    assertThat(ofKind(docs, "CustomResourceDefinition")).isEmpty();
    assertThat(ofKind(docs, "ServiceMonitor")).isEmpty();
    for (Map<String, Object> d : docs) {
      if (!d.get("kind").toString().startsWith("Cluster")) {
        assertThat((String) path(d, "metadata.namespace"))
            .as("namespace of %s", d.get("kind"))
            .isEqualTo(Chart.NAMESPACE);
      }
    }
  }

  @Test
  void defaultsUseAClusterRoleWithExactlyTheOperatorRulesAndALeaseRole() {
    List<Map<String, Object>> docs = Chart.render(null);
    assertThat((Object) path(the(docs, "ClusterRole"), "rules")).isEqualTo(OPERATOR_RULES);
    Map<String, Object> binding = the(docs, "ClusterRoleBinding");
    assertThat((Object) path(binding, "roleRef"))
        .isEqualTo(
            Map.of(
                "apiGroup",
                "rbac.authorization.k8s.io",
                "kind",
                "ClusterRole",
                "name",
                "lambda-efs-operator"));
    assertThat((Object) path(binding, "subjects")).isEqualTo(OPERATOR_SUBJECTS);

    Map<String, Object> lease = the(docs, "Role");
    assertThat((String) path(lease, "metadata.namespace")).isEqualTo(Chart.NAMESPACE);
    assertThat((Object) path(lease, "rules")).isEqualTo(LEASE_RULES);
    assertThat((String) path(the(docs, "RoleBinding"), "roleRef.name"))
        .isEqualTo(path(lease, "metadata.name"));
  }

  @Test
  void noRoleGrantsAnythingBeyondTheListedRules() {
    for (String values : new String[] {null, CUSTOM_VALUES}) {
      List<Map<String, Object>> docs = Chart.render(values);
      List<Map<String, Object>> roles =
          docs.stream()
              .filter(d -> List.of("Role", "ClusterRole").contains(d.get("kind")))
              .toList();
      assertThat(roles).isNotEmpty();
      for (Map<String, Object> role : roles) {
        List<Map<String, Object>> rules = path(role, "rules");
        assertThat(rules)
            .satisfiesAnyOf(
                r -> assertThat(r).isEqualTo(OPERATOR_RULES),
                r -> assertThat(r).isEqualTo(LEASE_RULES));
        String all = rules.toString();
        assertThat(all).doesNotContain("*", "customresourcedefinitions", "secrets", "delete");
      }
    }
  }

  @Test
  void defaultDeploymentRunsRestrictedWithTheDocumentedEnvironment() {
    Map<String, Object> deployment = the(Chart.render(null), "Deployment");
    assertThat((Integer) path(deployment, "spec.replicas")).isEqualTo(2);
    Map<String, Object> pod = path(deployment, "spec.template.spec");
    assertThat((String) path(pod, "serviceAccountName")).isEqualTo("lambda-efs-operator");
    assertThat((Object) path(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Object) path(pod, "securityContext.runAsUser")).isEqualTo(65532);
    assertThat((Object) path(pod, "securityContext.seccompProfile.type"))
        .isEqualTo("RuntimeDefault");

    List<Map<String, Object>> containers = path(pod, "containers");
    assertThat(containers).hasSize(1);
    Map<String, Object> c = containers.get(0);
    assertThat((String) path(c, "image")).isEqualTo("ghcr.io/lambdaefs/lambda-efs-operator:0.1.0");
    assertThat((Object) path(c, "args")).isEqualTo(List.of("run"));
    assertThat((Object) path(c, "command")).as("the image's entrypoint runs the jar").isNull();
    assertThat((Object) path(c, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
    assertThat((Object) path(c, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat((Object) path(c, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat((Object) path(c, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));
    assertThat((Object) path(c, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
    assertThat((Object) path(c, "volumeMounts"))
        .isEqualTo(List.of(Map.of("name", "tmp", "mountPath", "/tmp")));
    assertThat((Object) path(pod, "volumes"))
        .isEqualTo(List.of(Map.of("name", "tmp", "emptyDir", Map.of())));

    assertThat((Object) path(c, "ports"))
        .isEqualTo(List.of(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP")));
    assertThat((String) path(c, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
    assertThat((String) path(c, "livenessProbe.httpGet.port")).isEqualTo("http");
    assertThat((String) path(c, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
    assertThat((String) path(c, "readinessProbe.httpGet.port")).isEqualTo("http");
    assertThat((Object) path(c, "resources"))
        .isEqualTo(
            Map.of(
                "requests",
                Map.of("cpu", "100m", "memory", "256Mi"),
                "limits",
                Map.of("memory", "512Mi")));

    Map<String, Object> env = env(c);
    assertThat(env)
        .containsOnlyKeys(
            "REQUIRE_NAMESPACE_TAGS",
            "POLL_INTERVAL",
            "RECONCILE_THREADS",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "HTTP_PORT",
            "LEADER_ELECTION",
            "LEASE_NAMESPACE",
            "POD_NAME",
            "JAVA_TOOL_OPTIONS");
    assertThat(env)
        .containsEntry("REQUIRE_NAMESPACE_TAGS", "true")
        .containsEntry("POLL_INTERVAL", "5m")
        .containsEntry("LOG_LEVEL", "info")
        .containsEntry("LOG_FORMAT", "text")
        .containsEntry("HTTP_PORT", "8080")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LEASE_NAMESPACE", "fieldRef:metadata.namespace")
        .containsEntry("POD_NAME", "fieldRef:metadata.name")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
  }

  @Test
  void defaultsRenderAMetricsServiceAndAPodDisruptionBudget() {
    List<Map<String, Object>> docs = Chart.render(null);
    Map<String, Object> service = the(docs, "Service");
    assertThat((Object) path(service, "spec.ports"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "http-metrics",
                    "port",
                    8080,
                    "targetPort",
                    "http",
                    "protocol",
                    "TCP")));
    Map<String, Object> deployment = the(docs, "Deployment");
    assertThat((Object) path(service, "spec.selector"))
        .isEqualTo(path(deployment, "spec.selector.matchLabels"));

    Map<String, Object> pdb = the(docs, "PodDisruptionBudget");
    assertThat((Object) path(pdb, "spec.minAvailable")).isEqualTo(1);
    assertThat((Object) path(pdb, "spec.selector")).isEqualTo(path(deployment, "spec.selector"));
  }

  @Test
  void customValuesReachTheServiceAccountRolesAndEnvironment() {
    List<Map<String, Object>> docs = Chart.render(CUSTOM_VALUES);

    Map<String, Object> sa = the(docs, "ServiceAccount");
    Map<String, Object> annotations = path(sa, "metadata.annotations");
    assertThat(annotations).containsExactly(Map.entry("eks.amazonaws.com/role-arn", IRSA_ROLE));

    // Namespaced watch: no cluster-wide grant at all, one Role per watched namespace plus the lease
    // Role.
    assertThat(ofKind(docs, "ClusterRole")).isEmpty();
    assertThat(ofKind(docs, "ClusterRoleBinding")).isEmpty();
    Map<String, List<Map<String, Object>>> rolesByNamespace =
        ofKind(docs, "Role").stream()
            .collect(Collectors.groupingBy(r -> path(r, "metadata.namespace")));
    assertThat(rolesByNamespace).containsOnlyKeys("team-a", "team-b", Chart.NAMESPACE);
    for (String ns : List.of("team-a", "team-b")) {
      assertThat(rolesByNamespace.get(ns)).hasSize(1);
      assertThat((Object) path(rolesByNamespace.get(ns).get(0), "rules")).isEqualTo(OPERATOR_RULES);
      Map<String, Object> binding =
          ofKind(docs, "RoleBinding").stream()
              .filter(b -> ns.equals(path(b, "metadata.namespace")))
              .findFirst()
              .orElseThrow();
      assertThat((Object) path(binding, "subjects")).isEqualTo(OPERATOR_SUBJECTS);
    }
    assertThat((Object) path(rolesByNamespace.get(Chart.NAMESPACE).get(0), "rules"))
        .isEqualTo(LEASE_RULES);

    Map<String, Object> c = path(the(docs, "Deployment"), "spec.template.spec.containers.0");
    assertThat((Integer) path(the(docs, "Deployment"), "spec.replicas")).isEqualTo(1);
    assertThat(env(c))
        .containsEntry("WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("LABEL_SELECTOR", "lambdaefs.io/shard=a")
        .containsEntry("AWS_REGION", "eu-west-1")
        .containsEntry("AWS_ENDPOINT_URL", "http://moto.test:5000")
        .containsEntry("LOG_FORMAT", "json")
        .containsEntry("LOG_LEVEL", "debug")
        .containsEntry("POLL_INTERVAL", "90s")
        .containsEntry("AWS_RATE_LIMITS", "lambda-control=5,ec2-describe=10/50")
        .containsEntry("RECONCILE_THREADS", "8")
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("REQUIRE_NAMESPACE_TAGS", "false")
        .containsEntry(
            "ALLOWED_ROLES",
            "*=arn:aws:iam::444444444444:role/shared;team-a=arn:aws:iam::222222222222:role/"
                + "lambda-efs-team-a,arn:aws:iam::333333333333:role/efs-*")
        .containsEntry("ASSUME_ROLE_EXTERNAL_ID", "cluster-1")
        .containsEntry("EXTRA_FLAG", "1");
    // What the chart renders is what the operator parses.
    assertThat(Tenancy.parseAllowedRoles((String) env(c).get("ALLOWED_ROLES")))
        .containsOnlyKeys("*", "team-a")
        .containsEntry(
            "team-a",
            List.of(
                "arn:aws:iam::222222222222:role/lambda-efs-team-a",
                "arn:aws:iam::333333333333:role/efs-*"));
  }

  /**
   * The chart's RBAC is the operator's alone: every binding names only its ServiceAccount, and no
   * role aggregates into the cluster's admin, edit or view roles, so installing the chart grants no
   * tenant anything (README, "Kubernetes RBAC for tenants").
   */
  @Test
  void theChartGrantsTenantsNothing() {
    for (String values : new String[] {null, CUSTOM_VALUES}) {
      List<Map<String, Object>> docs = Chart.render(values);
      for (Map<String, Object> d : docs) {
        Map<String, Object> labels = path(d, "metadata.labels");
        assertThat(labels == null ? Map.of() : labels)
            .as("%s %s", d.get("kind"), path(d, "metadata.name"))
            .allSatisfy((k, v) -> assertThat(k).doesNotContain("aggregate-to"));
        if (List.of("RoleBinding", "ClusterRoleBinding").contains(d.get("kind"))) {
          assertThat((Object) path(d, "subjects")).isEqualTo(OPERATOR_SUBJECTS);
        }
      }
    }
  }

  @Test
  void serviceMonitorOnlyWhenEnabledAndPdbOnlyWithMoreThanOneReplica() {
    List<Map<String, Object>> custom = Chart.render(CUSTOM_VALUES);
    Map<String, Object> monitor = the(custom, "ServiceMonitor");
    assertThat((String) path(monitor, "apiVersion")).isEqualTo("monitoring.coreos.com/v1");
    assertThat((Object) path(monitor, "spec.endpoints"))
        .isEqualTo(List.of(Map.of("port", "http-metrics", "path", "/metrics", "interval", "30s")));
    assertThat((Map<String, Object>) path(monitor, "metadata.labels"))
        .containsEntry("release", "prometheus");
    assertThat((Object) path(monitor, "spec.selector.matchLabels"))
        .isEqualTo(path(the(custom, "Service"), "spec.selector"));
    assertThat(ofKind(custom, "PodDisruptionBudget")).as("replicaCount 1").isEmpty();

    assertThat(ofKind(Chart.render("replicaCount: 3"), "PodDisruptionBudget")).hasSize(1);
    assertThat(
            ofKind(
                Chart.render("metrics: {enabled: false, serviceMonitor: {enabled: true}}"),
                "Service"))
        .isEmpty();
    assertThat(
            ofKind(
                Chart.render("metrics: {enabled: false, serviceMonitor: {enabled: true}}"),
                "ServiceMonitor"))
        .isEmpty();
  }

  @Test
  void existingServiceAccountIsUsedWhenNotCreated() {
    List<Map<String, Object>> docs =
        Chart.render("serviceAccount: {create: false, name: platform-operators}");
    assertThat(ofKind(docs, "ServiceAccount")).isEmpty();
    assertThat((String) path(the(docs, "Deployment"), "spec.template.spec.serviceAccountName"))
        .isEqualTo("platform-operators");
    assertThat(
            (String)
                path(
                    find(docs, "ClusterRoleBinding", "lambda-efs-operator").orElseThrow(),
                    "subjects.0.name"))
        .isEqualTo("platform-operators");
  }

  @Test
  void imageTagAndPodPlacementValuesAreApplied() {
    Map<String, Object> pod =
        path(
            the(
                Chart.render(
                    """
        image: {tag: 0.2.0-rc1, pullPolicy: Always}
        podAnnotations: {prometheus.io/scrape: "true"}
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Exists, effect: NoSchedule}]
        """),
                "Deployment"),
            "spec.template");
    assertThat((String) path(pod, "spec.containers.0.image"))
        .isEqualTo("ghcr.io/lambdaefs/lambda-efs-operator:0.2.0-rc1");
    assertThat((String) path(pod, "spec.containers.0.imagePullPolicy")).isEqualTo("Always");
    assertThat((Map<String, Object>) path(pod, "metadata.annotations"))
        .containsEntry("prometheus.io/scrape", "true");
    assertThat((Map<String, Object>) path(pod, "spec.nodeSelector"))
        .containsEntry("kubernetes.io/os", "linux");
    assertThat((List<Object>) path(pod, "spec.tolerations")).hasSize(1);
  }

  @Test
  void invalidValuesAreRejected() {
    assertThatThrownBy(() -> Chart.template("logFormat: xml")).hasMessageContaining("logFormat");
    assertThatThrownBy(() -> Chart.template("pollInterval: soon"))
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> Chart.template("replicaCount: 2\nleaderElection: {enabled: false}"))
        .hasMessageContaining("leaderElection.enabled must be true");
    assertThatThrownBy(
            () -> Chart.template("tenancy: {allowedRoles: {team-a: [\"arn:aws:iam::1:user/x\"]}}"))
        .hasMessageContaining("allowedRoles");
    assertThatThrownBy(() -> Chart.template("tenancy: {allowedRoles: {Team_A: []}}"))
        .hasMessageContaining("allowedRoles");
    assertThatThrownBy(() -> Chart.template("tenancy: {requireNamespaceTags: \"no\"}"))
        .hasMessageContaining("requireNamespaceTags");
  }

  /** Env vars by name: the literal value, or "fieldRef:PATH" for downward-API values. */
  static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new LinkedHashMap<>();
    List<Map<String, Object>> list = path(container, "env");
    for (Map<String, Object> e : list) {
      Object value =
          e.containsKey("value")
              ? e.get("value")
              : "fieldRef:" + path(e, "valueFrom.fieldRef.fieldPath");
      assertThat(env.put((String) e.get("name"), value))
          .as("duplicate env %s", e.get("name"))
          .isNull();
    }
    return env;
  }
}
