package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import org.junit.jupiter.api.Test;

/**
 * A stage's key is a digest of its options written back to JSON: {@code transfer-set} is part of it
 * when given, and absent (as before the option existed) when not, so that the keys of stages
 * without it do not change; {@code omitted-class} likewise for evaluate.
 */
class TransferSetStageKeyTest {

  private static JsonNode resolved(String yaml, Class<?> type) throws Exception {
    JsonNode written = OptionsMapper.mapper().readTree(yaml);
    return OptionsMapper.mapper().valueToTree(OptionsMapper.bind(written, type));
  }

  @Test
  void theTransferSetIsInTheKeyOnlyWhenItKeepsLessThanEverything() throws Exception {
    assertThat(resolved("{\"model\": \"lenet5\"}", TrainOptions.class).has("transfer-set"))
        .isFalse();
    assertThat(
            resolved(
                    "{\"model\": \"lenet5\", \"transfer-set\": {\"fraction\": 1}}",
                    TrainOptions.class)
                .has("transfer-set"))
        .isFalse();
    JsonNode reduced =
        resolved(
            "{\"student\": \"lenet5-half\", \"transfer-set\": {\"drop-classes\": [3]}}",
            DistillOptions.class);
    assertThat(reduced.path("transfer-set").path("drop-classes").get(0).asInt()).isEqualTo(3);
    assertThat(reduced.path("transfer-set").path("fraction").asDouble()).isEqualTo(1.0);
  }

  @Test
  void theOmittedClassIsInTheEvaluateKeyOnlyWhenGiven() throws Exception {
    assertThat(resolved("{}", EvaluateOptions.class).has("omitted-class")).isFalse();
    assertThat(
            resolved("{\"omitted-class\": 3}", EvaluateOptions.class).path("omitted-class").asInt())
        .isEqualTo(3);
  }
}
