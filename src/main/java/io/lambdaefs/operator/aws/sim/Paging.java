package io.lambdaefs.operator.aws.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Token pagination over items sorted by id. The token encodes the last id returned, so items added
 * or removed between pages neither repeat nor shift the following pages.
 */
final class Paging {
  private Paging() {}

  record Page<T>(List<T> items, String nextToken) {}

  static <T> Page<T> page(
      List<T> all,
      Function<T, String> id,
      String token,
      int max,
      Supplier<RuntimeException> badToken) {
    List<T> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(id));
    String after = null;
    if (token != null && !token.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw badToken.get();
      }
      if (!after.startsWith("after:")) {
        throw badToken.get();
      }
      after = after.substring("after:".length());
    }
    List<T> items = new ArrayList<>();
    for (T t : sorted) {
      if (after == null || id.apply(t).compareTo(after) > 0) {
        items.add(t);
      }
    }
    if (items.size() <= max) {
      return new Page<>(items, null);
    }
    List<T> pageItems = new ArrayList<>(items.subList(0, max));
    String last = id.apply(pageItems.get(max - 1));
    String next =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("after:" + last).getBytes(StandardCharsets.UTF_8));
    return new Page<>(pageItems, next);
  }
}
