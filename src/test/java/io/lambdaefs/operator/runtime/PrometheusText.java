package io.lambdaefs.operator.runtime;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus text exposition, parsed just enough to assert on them. */
record PrometheusText(List<Sample> samples) {
  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusText parse(String text) {
    return new PrometheusText(
        Arrays.stream(text.split("\n"))
            .filter(line -> !line.isBlank() && !line.startsWith("#"))
            .map(PrometheusText::sample)
            .toList());
  }

  private static Sample sample(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Prometheus sample: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.group(3) != null) {
      Matcher l = LABEL.matcher(m.group(3));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
    }
    return new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
  }

  /** The samples named {@code name} whose labels include every given pair (name1, value1, ...). */
  List<Sample> find(String name, String... labelPairs) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(
            s -> {
              for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                  return false;
                }
              }
              return true;
            })
        .toList();
  }

  /** The sum of the matching samples' values; 0 when none matches. */
  double sum(String name, String... labelPairs) {
    return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
  }
}
