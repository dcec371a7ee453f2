package io.lambdaefs.operator.aws.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A YAML mapping node with line numbers, checked against the keys it may contain. */
final class YamlMap {
  private final String source;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlMap(String source, Node node) {
    this.source = source;
    this.node = node;
  }

  /** Wraps a mapping node; unknown or repeated keys are errors naming their line. */
  static YamlMap of(String source, Node node, String what, String... allowedKeys) {
    if (!(node instanceof MappingNode)) {
      throw WorldException.at(source, line(node), what + " must be a mapping");
    }
    YamlMap map = new YamlMap(source, node);
    Set<String> allowed = new TreeSet<>(Arrays.asList(allowedKeys));
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode)) {
        throw WorldException.at(
            source, line(t.getKeyNode()), "keys of " + what + " must be plain names");
      }
      String key = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(key)) {
        throw WorldException.at(
            source,
            line(t.getKeyNode()),
            "unknown key '"
                + key
                + "' in "
                + what
                + " (known keys: "
                + String.join(", ", allowed)
                + ")");
      }
      if (map.entries.put(key, t) != null) {
        throw WorldException.at(
            source, line(t.getKeyNode()), "key '" + key + "' repeated in " + what);
      }
    }
    return map;
  }

  static int line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  int line() {
    return line(node);
  }

  /** The line of a key's value, or of the mapping if the key is absent. */
  int line(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? line() : line(t.getValueNode());
  }

  WorldException error(String key, String what) {
    return WorldException.at(source, line(key), what);
  }

  boolean has(String key) {
    Node v = value(key);
    return v != null;
  }

  Node value(String key) {
    NodeTuple t = entries.get(key);
    if (t == null) {
      return null;
    }
    Node v = t.getValueNode();
    return v instanceof ScalarNode && Tag.NULL.equals(v.getTag()) ? null : v;
  }

  String str(String key) {
    String s = str(key, null);
    if (s == null || s.isEmpty()) {
      throw error(key, "missing '" + key + "'");
    }
    return s;
  }

  String str(String key, String defaultValue) {
    Node v = value(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof ScalarNode)) {
      throw error(key, "'" + key + "' must be a single value");
    }
    return ((ScalarNode) v).getValue();
  }

  Long lng(String key, Long defaultValue) {
    String s = str(key, null);
    if (s == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw error(key, "'" + key + "' must be a whole number, not '" + s + "'");
    }
  }

  boolean bool(String key, boolean defaultValue) {
    String s = str(key, null);
    if (s == null) {
      return defaultValue;
    }
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw error(key, "'" + key + "' must be true or false, not '" + s + "'");
  }

  /** The items of a sequence value; empty when the key is absent. */
  List<Node> list(String key) {
    Node v = value(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof SequenceNode)) {
      throw error(key, "'" + key + "' must be a list");
    }
    return ((SequenceNode) v).getValue();
  }

  List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    for (Node n : list(key)) {
      if (!(n instanceof ScalarNode)) {
        throw WorldException.at(source, line(n), "items of '" + key + "' must be single values");
      }
      out.add(((ScalarNode) n).getValue());
    }
    return out;
  }

  YamlMap map(String key, String what, String... allowedKeys) {
    Node v = value(key);
    return v == null ? null : of(source, v, what, allowedKeys);
  }

  /** A mapping of plain values (tags, policies); absent = empty. */
  Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    Node v = value(key);
    if (v == null) {
      return out;
    }
    if (!(v instanceof MappingNode)) {
      throw error(key, "'" + key + "' must be a mapping");
    }
    for (NodeTuple t : ((MappingNode) v).getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode) || !(t.getValueNode() instanceof ScalarNode)) {
        throw WorldException.at(
            source, line(t.getKeyNode()), "'" + key + "' must map names to single values");
      }
      out.put(((ScalarNode) t.getKeyNode()).getValue(), ((ScalarNode) t.getValueNode()).getValue());
    }
    return out;
  }
}
