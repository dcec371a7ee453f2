package io.lambdaefs.operator.ship;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs deploy/argocd/health.lua on LuaJ the way Argo CD runs it: the object as the global {@code
 * obj} (JSON turned into Lua tables, every number a float as in Argo CD's interpreter), only the
 * base, table, string and math libraries, and a returned table with {@code status} and {@code
 * message}.
 */
public class ArgoCdHealthCheckTest {

  static final String KEY = "resource.customizations.health.lambdaefs.io_LambdaEfsMount";

  static String script() {
    try {
      return Files.readString(Chart.DEPLOY.resolve("argocd/health.lua"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public record Health(String status, String message) {}

  public static Health evaluate(JsonNode object) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(object));
    LuaValue hs = globals.load(script(), "health.lua").call();
    assertThat(hs.istable()).as("the script returns a table").isTrue();
    return new Health(hs.get("status").tojstring(), hs.get("message").optjstring(null));
  }

  /** JSON to Lua: objects and arrays become tables (arrays 1-based), null fields are left out. */
  static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isNull()) {
          table.set(field.getKey(), toLua(field.getValue()));
        }
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return LuaValue.valueOf(node.asText());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("io.lambdaefs.operator.ship.HealthSamples#expectations")
  void healthOfEachSample(String sample, String status, String messagePart, String kstatusIgnored) {
    Health health = evaluate(HealthSamples.load(sample));
    assertThat(health.status()).as("health of %s (%s)", sample, health.message()).isEqualTo(status);
    assertThat(health.message()).contains(messagePart);
  }

  @Test
  void degradedCarriesTheStalledMessageVerbatim() {
    JsonNode stalled = HealthSamples.load("stalled");
    String message = conditionMessage(stalled, "Stalled");
    assertThat(evaluate(stalled)).isEqualTo(new Health("Degraded", message));
  }

  @Test
  void driftReportIsDegradedWithTheDriftMessageButDriftCorrectIsNot() {
    JsonNode report = HealthSamples.load("drift-report");
    assertThat(evaluate(report))
        .isEqualTo(new Health("Degraded", conditionMessage(report, "Drifted")));

    // The same status under driftPolicy Correct (or no driftPolicy: Correct is the default) waits.
    JsonNode correct = report.deepCopy();
    ((ObjectNode) correct.get("spec")).put("driftPolicy", "Correct");
    assertThat(evaluate(correct).status()).isEqualTo("Progressing");
    ((ObjectNode) correct.get("spec")).remove("driftPolicy");
    assertThat(evaluate(correct).status()).isEqualTo("Progressing");
  }

  @Test
  void readyIsHealthyOnlyWhenTheCurrentGenerationWasObserved() throws IOException {
    JsonNode ready = HealthSamples.load("ready");
    assertThat(evaluate(ready).status()).isEqualTo("Healthy");
    ((ObjectNode) ready.get("status")).remove("observedGeneration");
    assertThat(evaluate(ready).status()).isEqualTo("Progressing");
    JsonNode noConditions =
        new ObjectMapper()
            .readTree(
                "{\"metadata\":{\"generation\":1},\"spec\":{},\"status\":{\"observedGeneration\":1}}");
    assertThat(evaluate(noConditions).status()).isEqualTo("Progressing");
  }

  @Test
  void configMapPatchCarriesTheScriptVerbatim() throws IOException {
    Map<String, Object> cm =
        Chart.parseAll(Files.readString(Chart.DEPLOY.resolve("argocd/argocd-cm-patch.yaml")))
            .get(0);
    assertThat((String) Chart.path(cm, "kind")).isEqualTo("ConfigMap");
    assertThat((String) Chart.path(cm, "metadata.name")).isEqualTo("argocd-cm");
    Map<String, Object> data = Chart.path(cm, "data");
    assertThat(data).containsOnlyKeys(KEY);
    assertThat(data.get(KEY)).isEqualTo(script());
  }

  static String conditionMessage(JsonNode object, String type) {
    for (JsonNode c : object.at("/status/conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c.path("message").asText();
      }
    }
    throw new AssertionError("no " + type + " condition");
  }
}
