package io.lambdaefs.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's inputs: the world file and the LambdaEfsMount documents, from a directory or the jar.
 */
record Examples(String worldName, String world, List<String> resources) {
  static final List<String> BUNDLED = List.of("lambdaefsmount.yaml");

  static Examples load(String dir) throws IOException {
    Path path = Path.of(dir == null ? "examples" : dir);
    if (Files.isDirectory(path)) {
      List<String> docs = new ArrayList<>();
      try (Stream<Path> files = Files.list(path)) {
        for (Path f :
            files
                .filter(
                    p ->
                        p.toString().endsWith(".yaml")
                            && !p.getFileName().toString().equals("world.yaml"))
                .sorted()
                .toList()) {
          docs.addAll(documents(Files.readString(f)));
        }
      }
      return new Examples(
          path.resolve("world.yaml").toString(),
          Files.readString(path.resolve("world.yaml")),
          docs);
    }
    if (dir != null) {
      throw new IOException("no directory " + dir);
    }
    List<String> docs = new ArrayList<>();
    for (String name : BUNDLED) {
      docs.addAll(documents(bundled(name)));
    }
    return new Examples("examples/world.yaml (bundled)", bundled("world.yaml"), docs);
  }

  /** Splits a multi-document YAML file; documents with no kind (comments only) are skipped. */
  static List<String> documents(String yaml) {
    List<String> docs = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.contains("kind:")) {
        docs.add(doc);
      }
    }
    return docs;
  }

  private static String bundled(String name) {
    try (InputStream in = Examples.class.getClassLoader().getResourceAsStream("examples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("examples/" + name + " is not in the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
