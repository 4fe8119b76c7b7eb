package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.distillery.options.OptionsMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated schema carries each plugin's options and rejects what the loader rejects. */
class PipelineSchemaTest {

  private static final JsonNode SCHEMA = PipelineSchema.generate(TestPipelines.registry());

  @Test
  void describesEachPluginsOptions() {
    JsonNode train = SCHEMA.at("/$defs/stage.train");

    assertThat(SCHEMA.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(train.path("description").asText())
        .isEqualTo("Options of stage plugin 'train': Trains a model from scratch");
    assertThat(train.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(train.path("properties").fieldNames())
        .toIterable()
        .containsExactly("model", "epochs", "lr", "batch-size");
    assertThat(train.at("/properties/epochs/description").asText())
        .isEqualTo("Passes over the training data.");
    assertThat(train.at("/properties/epochs/default").asInt()).isEqualTo(1);
    assertThat(SCHEMA.at("/$defs/dataset.synthetic/properties/pad-to/type").asText())
        .isEqualTo("integer");
    assertThat(SCHEMA.at("/$defs/stage/properties/uses/enum").toString())
        .isEqualTo("[\"distill\",\"evaluate\",\"train\"]");
    assertThat(SCHEMA.at("/properties/defaults/properties/train/$ref").asText())
        .isEqualTo("#/$defs/stage.train");
  }

  @Test
  void appliesOptionsThroughUsesConditions() {
    JsonNode clauses = SCHEMA.at("/$defs/stage/allOf");

    assertThat(clauses)
        .anySatisfy(
            clause -> {
              assertThat(clause.at("/if/properties/uses/const").asText()).isEqualTo("train");
              assertThat(clause.at("/then/properties/with/$ref").asText())
                  .isEqualTo("#/$defs/stage.train");
            });
  }

  @Test
  void rejectsAnUnknownOption() throws Exception {
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA);
    JsonNode good =
        OptionsMapper.mapper()
            .readTree(
                "{\"pipeline\":\"p\",\"dataset\":{\"name\":\"synthetic\"},"
                    + "\"stages\":{\"t\":{\"uses\":\"train\",\"with\":{\"epochs\":3}}}}");
    JsonNode bad = good.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.at("/stages/t/with")).put("epoch", 3);

    assertThat(schema.validate(good)).isEmpty();
    Set<ValidationMessage> messages = schema.validate(bad);
    assertThat(messages).hasSize(1);
    ValidationMessage message = messages.iterator().next();
    assertThat(message.getType()).isEqualTo("additionalProperties");
    assertThat(message.getProperty()).isEqualTo("epoch");
    assertThat(message.getInstanceLocation().toString()).isEqualTo("$.stages.t.with");
  }

  @Test
  void printsPrettyJsonThatReadsBack() throws Exception {
    String json = PipelineSchema.toJson(SCHEMA);

    assertThat(json).startsWith("{\n").endsWith("}\n");
    assertThat(OptionsMapper.mapper().readTree(json).toString()).isEqualTo(SCHEMA.toString());
  }

  @Test
  void isTheSchemaTheLoaderEnforces() {
    assertThat(TestPipelines.loader().schema()).isEqualTo(SCHEMA);
  }
}
