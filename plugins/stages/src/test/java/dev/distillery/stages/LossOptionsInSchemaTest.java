package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.distillery.pipeline.PipelineSchema;
import dev.distillery.plugin.PluginRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In the published schema, a distill stage's loss that {@code uses: kd} takes exactly kd's options
 * (the components of its options record, kebab-case), so editors complete and check them.
 */
class LossOptionsInSchemaTest {

  @Test
  void aKdLossListsKdsOptionNames() {
    PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());
    JsonNode schema = PipelineSchema.generate(registry);
    JsonNode items = schema.at("/$defs/stage.distill/properties/losses/items");

    String ref = null;
    for (JsonNode clause : items.path("allOf")) {
      if (clause.at("/if/properties/uses/const").asText().equals("kd")) {
        ref = clause.at("/then/properties/with/$ref").asText();
      }
    }
    assertThat(ref).isEqualTo("#/$defs/method.kd");
    JsonNode kd = schema.at("/$defs/method.kd");
    List<String> names = new ArrayList<>();
    kd.path("properties").fieldNames().forEachRemaining(names::add);

    var kebab = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
    List<String> expected =
        Arrays.stream(registry.method("kd").orElseThrow().optionsType().getRecordComponents())
            .map(component -> kebab.translate(component.getName()))
            .toList();
    assertThat(names).isNotEmpty().containsExactlyElementsOf(expected).contains("temperature");
    assertThat(kd.path("additionalProperties").asBoolean(true)).isFalse();
  }
}
