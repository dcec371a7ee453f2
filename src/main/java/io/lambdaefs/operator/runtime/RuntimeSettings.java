package io.lambdaefs.operator.runtime;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * How the process around the reconciler runs: leader election and the HTTP endpoints.
 *
 * @param leaderElection null: this instance reconciles alone (the demo, a single replica)
 * @param httpAddress where /healthz, /readyz and /metrics listen; port 0 picks a free port; null:
 *     no HTTP server
 */
public record RuntimeSettings(LeaderElection leaderElection, InetSocketAddress httpAddress) {

  /** No leader election and no HTTP server: the embedded demo. */
  public static RuntimeSettings embedded() {
    return new RuntimeSettings(null, null);
  }

  public Optional<LeaderElection> leaderElectionIfEnabled() {
    return Optional.ofNullable(leaderElection);
  }

  public Optional<InetSocketAddress> httpAddressIfEnabled() {
    return Optional.ofNullable(httpAddress);
  }
}
