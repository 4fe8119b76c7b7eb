package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The resolved pipeline has every default filled in and reads back to the same stages. */
class ResolvedPipelineTest {

  @Test
  void mergesDefaultsAndReadsBack() {
    PipelineSpec spec =
        TestPipelines.parse(
            """
            pipeline: resolved
            dataset: {name: synthetic, test-limit: 10}
            defaults:
              train: {epochs: 4}
            stages:
              teacher: {uses: train, with: {model: lenet5}}
              student: {uses: train, needs: teacher, with: {model: lenet5-half, epochs: 2}}
            """);

    JsonNode resolved = spec.resolved();

    assertThat(resolved.has("defaults")).isFalse();
    assertThat(resolved.path("seed").asLong()).isEqualTo(42);
    assertThat(resolved.path("device").asText()).isEqualTo("auto");
    assertThat(resolved.at("/dataset/validation").asDouble()).isEqualTo(0.1);
    assertThat(resolved.at("/dataset/test-limit").asInt()).isEqualTo(10);
    assertThat(resolved.at("/stages/teacher/with/epochs").asInt()).isEqualTo(4);
    assertThat(resolved.at("/stages/student/with/epochs").asInt()).isEqualTo(2);
    assertThat(resolved.at("/stages/student/needs/0").asText()).isEqualTo("teacher");

    PipelineSpec again =
        TestPipelines.loader().parse(PipelineSchema.toJson(resolved), "resolved.json");
    assertThat(again.stage("teacher").key()).isEqualTo(spec.stage("teacher").key());
    assertThat(again.stage("student").key()).isEqualTo(spec.stage("student").key());
  }
}
