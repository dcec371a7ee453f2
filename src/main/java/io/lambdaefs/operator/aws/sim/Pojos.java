package io.lambdaefs.operator.aws.sim;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Copies SDK model members by name, e.g. a FunctionConfiguration into an
 * UpdateFunctionConfigurationResponse.
 */
final class Pojos {
  private Pojos() {}

  static <B extends SdkPojo> B copy(SdkPojo source, B targetBuilder) {
    Map<String, SdkField<?>> byName = new HashMap<>();
    for (SdkField<?> f : targetBuilder.sdkFields()) {
      byName.put(f.memberName(), f);
    }
    for (SdkField<?> f : source.sdkFields()) {
      SdkField<?> t = byName.get(f.memberName());
      Object value = f.getValueOrDefault(source);
      if (t != null && value != null) {
        t.set(targetBuilder, value);
      }
    }
    return targetBuilder;
  }
}
