package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.FileSystemView;
import io.lambdaefs.operator.observe.FileSystemView.MountedFunction;
import io.lambdaefs.operator.observe.FunctionView;
import java.util.ArrayList;
import java.util.List;

/**
 * A mount that works on the first try but fails under time or load: the cold-start mount eating the
 * function's timeout, burst credits running out, EFS's client connection limit. Warnings only: the
 * operator writes neither the timeout, the concurrency nor the throughput mode.
 */
final class CapacityRules {
  /** Lambda mounts the file system during a cold start, which adds 1 to 3 seconds. */
  static final int COLD_MOUNT_SECONDS = 3;

  /** What a cold invocation needs beyond the mount at the very least. */
  static final int HEADROOM_SECONDS = 3;

  /** From this many execution environments at once, bursting throughput is a risk. */
  static final int BURSTING_CONCURRENCY = 100;

  /** EFS: at most 25,000 NFS client connections per file system; one per environment. */
  static final int CONNECTION_LIMIT = 25_000;

  /** Warn once the functions on one file system may hold this many connections. */
  static final int CONNECTION_WARNING = CONNECTION_LIMIT * 4 / 5;

  private CapacityRules() {}

  static void apply(FunctionView fn, FileSystemView fs, PlanBuilder b) {
    timeout(fn, b);
    bursting(fn, fs, b);
    connections(fn, fs, b);
  }

  /** TimeoutTooShortForMount. */
  private static void timeout(FunctionView fn, PlanBuilder b) {
    Integer timeout = fn.timeoutSeconds();
    if (timeout == null || timeout - COLD_MOUNT_SECONDS >= HEADROOM_SECONDS) {
      return;
    }
    int advised = timeout + COLD_MOUNT_SECONDS;
    b.warn(
        Facet.FUNCTION,
        "TimeoutTooShortForMount",
        "Function "
            + fn.name()
            + " has a timeout of "
            + timeout
            + " s; mounting EFS adds 1 to "
            + COLD_MOUNT_SECONDS
            + " s to every cold start, so a first invocation can end with \"Task timed out after "
            + timeout
            + ".00 seconds\". Set the function's timeout to at least "
            + advised
            + " s (aws lambda update-function-configuration --function-name "
            + fn.name()
            + " --timeout "
            + advised
            + ").");
  }

  /** BurstingThroughputAtScale. */
  private static void bursting(FunctionView fn, FileSystemView fs, PlanBuilder b) {
    Integer reserved = fn.reservedConcurrency();
    Integer provisioned = fn.provisionedConcurrency();
    int scale = Math.max(reserved == null ? 0 : reserved, provisioned == null ? 0 : provisioned);
    if (!fs.bursting() || scale < BURSTING_CONCURRENCY) {
      return;
    }
    String figures =
        reserved != null
            ? "reserved concurrency " + reserved
            : "provisioned concurrency " + provisioned;
    b.warn(
        Facet.NETWORK,
        "BurstingThroughputAtScale",
        "File system "
            + fs.id()
            + " uses bursting throughput"
            + (fs.sizeBytes() == null ? "" : " with " + size(fs.sizeBytes()) + " stored")
            + " and function "
            + fn.name()
            + " may run "
            + scale
            + " execution environments at once ("
            + figures
            + "): bursting throughput grows with the data stored, and at that concurrency its burst "
            + "credits run out, after which reads and writes slow to the baseline and invocations "
            + "time out. Use Elastic throughput (aws efs update-file-system --file-system-id "
            + fs.id()
            + " --throughput-mode elastic) or provisioned throughput.");
  }

  /** ConnectionLimitApproaching: every environment of every function holds one NFS connection. */
  private static void connections(FunctionView fn, FileSystemView fs, PlanBuilder b) {
    int total = 0;
    List<String> names = new ArrayList<>();
    for (MountedFunction m : fs.mountedBy()) {
      if (m.reservedConcurrency() != null && m.reservedConcurrency() > 0) {
        total += m.reservedConcurrency();
        names.add(m.functionArn().substring(m.functionArn().lastIndexOf(':') + 1));
      }
    }
    if (total < CONNECTION_WARNING) {
      return;
    }
    b.warn(
        Facet.NETWORK,
        "ConnectionLimitApproaching",
        "Functions mounting "
            + fs.id()
            + " reserve "
            + total
            + " concurrent executions ("
            + (names.size() <= 5 ? String.join(", ", names) : names.size() + " functions")
            + "), each an NFS connection, against EFS's limit of "
            + CONNECTION_LIMIT
            + " connections per file system"
            + (total >= CONNECTION_LIMIT ? ": past it" : ": close to it")
            + ", new execution environments of "
            + fn.name()
            + " and the others fail to mount (EFSMountFailureException). Lower the reserved "
            + "concurrency or spread the functions over several file systems.");
  }

  private static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return String.format("%.1f MiB", bytes / (double) (1L << 20));
    }
    return String.format("%.1f KiB", bytes / 1024.0);
  }
}
