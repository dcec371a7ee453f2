package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The YAML of a LambdaEfsMount file, read the strict way: a duplicate key is an error (not "the
 * last one wins"), and so is an alias, which Jackson would read as the anchor's name instead of its
 * value. The size is bounded before parsing starts: no LambdaEfsMount comes near it.
 */
final class StrictYaml {
  /** Most a file may hold; the API server stores at most 1.5 MiB per object. */
  static final int MAX_CODE_POINTS = 1024 * 1024;

  static final int MAX_NESTING = 64;

  private static final ObjectMapper MAPPER = mapper();

  private StrictYaml() {}

  private static ObjectMapper mapper() {
    LoaderOptions limits = new LoaderOptions();
    limits.setCodePointLimit(MAX_CODE_POINTS);
    limits.setNestingDepthLimit(MAX_NESTING);
    limits.setMaxAliasesForCollections(0);
    limits.setAllowDuplicateKeys(false);
    YAMLFactory factory =
        YAMLFactory.builder()
            .loaderOptions(limits)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(MAX_CODE_POINTS)
                    .maxNestingDepth(MAX_NESTING)
                    .build())
            .build();
    return new ObjectMapper(factory).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** The non-empty documents of a YAML stream (documents separated by ---). */
  static List<Object> documents(String yaml) throws IOException {
    List<Object> documents = new ArrayList<>();
    JsonParser parser = new NoAliases(MAPPER.getFactory().createParser(yaml));
    try (MappingIterator<Object> it = MAPPER.readerFor(Object.class).readValues(parser)) {
      while (it.hasNext()) {
        Object doc = it.next();
        if (doc != null) {
          documents.add(doc);
        }
      }
    } catch (RuntimeException e) {
      // MappingIterator wraps parse errors of later documents in an unchecked exception.
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
    return documents;
  }

  /** Refuses aliases (*name), which Jackson does not resolve. */
  private static final class NoAliases extends JsonParserDelegate {
    NoAliases(JsonParser yaml) {
      super(yaml);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        throw new JsonParseException(
            this,
            "YAML alias *"
                + yaml.getText()
                + " is not supported in a LambdaEfsMount file: write the value out");
      }
      return t;
    }
  }
}
