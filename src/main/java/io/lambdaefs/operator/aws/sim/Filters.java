package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * EC2 request filters: a value matches a filter if it equals one of the filter's values; filters
 * AND.
 */
final class Filters {
  private final Map<String, List<String>> byName = new HashMap<>();

  /** {@code known} lists the accepted filter names; "tag:*" accepts every tag:KEY filter. */
  Filters(List<Filter> filters, String... known) {
    for (Filter f : filters == null ? List.<Filter>of() : filters) {
      String name = f.name();
      boolean ok = false;
      for (String k : known) {
        ok |= k.equals(name) || k.equals("tag:*") && name != null && name.startsWith("tag:");
      }
      if (!ok) {
        throw SimEc2.error("InvalidParameterValue", "The filter '" + name + "' is invalid");
      }
      byName
          .computeIfAbsent(name, n -> new ArrayList<>())
          .addAll(f.hasValues() ? f.values() : List.of());
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  boolean matches(String name, String value) {
    List<String> values = byName.get(name);
    return values == null || values.contains(value);
  }

  /** Whether the tags satisfy every tag:KEY and tag-key filter. */
  boolean matchesTags(Map<String, String> tags) {
    for (Map.Entry<String, List<String>> e : byName.entrySet()) {
      String name = e.getKey();
      if (name.startsWith("tag:")) {
        String value = tags.get(name.substring(4));
        if (value == null || !e.getValue().contains(value)) {
          return false;
        }
      } else if (name.equals("tag-key") && e.getValue().stream().noneMatch(tags::containsKey)) {
        return false;
      }
    }
    return true;
  }
}
