package io.lambdaefs.operator.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API (the fabric8 mock server in CRUD mode) with the LambdaEfsMount CRD
 * installed: the cluster of the demo and of the operator tests.
 */
public final class EmbeddedKubernetes implements AutoCloseable {
  public static final String CRD_RESOURCE = "META-INF/fabric8/lambdaefsmounts.lambdaefs.io-v1.yml";

  // The mock server logs every request through java.util.logging; keep the logger referenced so the
  // level sticks.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  /**
   * Sees a request before it is served and serves it, by calling {@code next} or answering itself:
   * how tests make the API server conflict, fail or note what was written.
   */
  @FunctionalInterface
  public interface Interceptor {
    MockResponse serve(RecordedRequest request, Function<RecordedRequest, MockResponse> next);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final AuthorizingCrudDispatcher dispatcher = new AuthorizingCrudDispatcher();

  public EmbeddedKubernetes() {
    MOCK_LOG.setLevel(Level.WARNING);
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Puts an interceptor in front of the API server (null: none); for tests. */
  public void intercept(Interceptor interceptor) {
    dispatcher.interceptor = interceptor;
  }

  /** A second client of the same API server, as a second operator process would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public static CustomResourceDefinition crd() {
    try (InputStream in =
        EmbeddedKubernetes.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is missing: the build generates it");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The CRUD dispatcher stores a SelfSubjectRulesReview and returns it without the status a real
   * API server computes; JOSDK's leader election reads that status to check it may use Leases.
   * Answer as an API server does for a user allowed everything.
   */
  private static final class AuthorizingCrudDispatcher extends KubernetesCrudDispatcher {
    private volatile Interceptor interceptor;

    AuthorizingCrudDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Interceptor i = interceptor;
      return i == null ? super.dispatch(request) : i.serve(request, super::dispatch);
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      if (!request.getPath().endsWith("/selfsubjectrulesreviews")) {
        return super.handleCreate(request);
      }
      return new MockResponse()
          .setResponseCode(201)
          .setBody(
              """
          {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{},
           "status":{"incomplete":false,
            "resourceRules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}],
            "nonResourceRules":[{"nonResourceURLs":["*"],"verbs":["*"]}]}}""");
    }
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (RejectedExecutionException closedWhileClosing) {
      // mockwebserver 7.5.2 may close its Vert.x event loop before its own shutdown listener runs
      // (fabric8io/kubernetes-client#7747, fixed in a later release): the HTTP server is closed by
      // then, so there is nothing left to stop.
      Logger.getLogger(EmbeddedKubernetes.class.getName())
          .log(Level.FINE, "shutdown race of mockwebserver", closedWhileClosing);
    }
  }
}
