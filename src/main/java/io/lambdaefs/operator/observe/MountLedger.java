package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.observe.FileSystemView.MountedFunction;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which function this process last saw on which file system, with its reserved concurrency. EFS has
 * no API that counts a file system's clients per function, and listing every function of the
 * account would cost Lambda's scarce control-plane rate, so the functions the resources name are
 * remembered as their observations go by. A function mounts one file system at a time.
 */
final class MountLedger {
  private final Map<String, String> fileSystemOf = new HashMap<>();
  private final Map<String, MountedFunction> byFunction = new HashMap<>();

  synchronized void record(String fileSystemId, MountedFunction function) {
    fileSystemOf.put(function.functionArn(), fileSystemId);
    byFunction.put(function.functionArn(), function);
  }

  synchronized void forget(String functionArn) {
    fileSystemOf.remove(functionArn);
    byFunction.remove(functionArn);
  }

  synchronized List<MountedFunction> on(String fileSystemId) {
    return fileSystemOf.entrySet().stream()
        .filter(e -> e.getValue().equals(fileSystemId))
        .map(e -> byFunction.get(e.getKey()))
        .sorted(Comparator.comparing(MountedFunction::functionArn))
        .toList();
  }
}
