package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.distillery.options.OptionsMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The options of the method a stage's loss names ({@code @PluginOptions}) are in the schema: an
 * unknown option of the method is rejected where it is written, a known one accepted; the loader
 * reports it in the words of the stage's own binding, and the stage's other checks still run.
 */
class MethodOptionsSchemaTest {

  private static final JsonNode SCHEMA = PipelineSchema.generate(TestPipelines.registry());

  private static JsonNode pipeline(String methodOptions) throws Exception {
    return OptionsMapper.mapper()
        .readTree(
            """
            {"pipeline": "p", "dataset": {"name": "synthetic"},
             "stages": {
               "t": {"uses": "train", "with": {"model": "lenet5"}},
               "s": {"uses": "distill", "needs": "t",
                     "with": {"teacher": "t", "methods": [{"uses": "kd", "with": %s}]}}}}
            """
                .formatted(methodOptions));
  }

  @Test
  void theSchemaRejectsAnUnknownMethodOptionAndAcceptsAKnownOne() throws Exception {
    var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(SCHEMA);

    assertThat(schema.validate(pipeline("{\"temperature\": 2.0}"))).isEmpty();
    Set<ValidationMessage> messages = schema.validate(pipeline("{\"temprature\": 2.0}"));
    assertThat(messages).hasSize(1);
    ValidationMessage message = messages.iterator().next();
    assertThat(message.getType()).isEqualTo("additionalProperties");
    assertThat(message.getProperty()).isEqualTo("temprature");
    assertThat(message.getInstanceLocation().toString())
        .isEqualTo("$.stages.s.with.methods[0].with");
  }

  @Test
  void theMethodOptionsAreDefinedOnceAndReferencedByUses() {
    JsonNode kd = SCHEMA.at("/$defs/method.kd");
    JsonNode items = SCHEMA.at("/$defs/stage.distill/properties/methods/items");

    assertThat(kd.path("properties").fieldNames()).toIterable().containsExactly("temperature");
    assertThat(kd.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(items.path("allOf"))
        .anySatisfy(
            clause -> {
              assertThat(clause.at("/if/properties/uses/const").asText()).isEqualTo("kd");
              assertThat(clause.at("/then/properties/with/$ref").asText())
                  .isEqualTo("#/$defs/method.kd");
            });
  }

  @Test
  void theLoaderReportsItAtItsPositionAndStillRunsTheStageChecks() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: p
                dataset: {name: synthetic}
                stages:
                  t: {uses: train, with: {model: lenet5}}
                  s:
                    uses: distill
                    with:
                      teacher: t
                      methods: [{uses: kd, with: {temprature: 2}}]
                """))
        .containsExactly(
            "p.yaml:8:16: option 'teacher' of stage 's': teacher stage 't' is not among the"
                + " stage's needs []; add it to 'needs'",
            "p.yaml:9:35: unknown option 'temprature' for 'methods[0].with' of stage 's';"
                + " known options: temperature");
  }
}
