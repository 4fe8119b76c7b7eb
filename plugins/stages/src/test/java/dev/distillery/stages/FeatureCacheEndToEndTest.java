package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.features.FeatureStore;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Through the engine: extract-features stores the teacher's logits and a feature map of every
 * training image, reports progress and throughput, and the distill stages that need it read their
 * teacher's outputs from it, as their results and the evaluation report say.
 */
class FeatureCacheEndToEndTest {

  @Test
  void distillStagesReadTheTeacherFromTheExtractedStore() throws Exception {
    FeatureCacheRuns.Run run = FeatureCacheRuns.cache();
    assertThat(run.result().outcomes().values())
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));

    Path store = run.directory().stageDirectory("teacher-features").resolve("features");
    JsonNode manifest =
        OptionsMapper.mapper().readTree(store.resolve(FeatureStore.MANIFEST).toFile());
    // 256 synthetic images less 12.5% held out for validation
    assertThat(manifest.path("count").asInt()).isEqualTo(224);
    assertThat(manifest.path("key").path("split").asText()).isEqualTo("train");
    assertThat(manifest.path("key").path("transform").asText()).isEqualTo("unaugmented");
    assertThat(manifest.path("key").path("model").asText()).hasSize(64);
    assertThat(manifest.path("info").path("model-stage").asText()).isEqualTo("teacher");
    assertThat(Files.size(store.resolve("logits.f32"))).isEqualTo(224L * 10 * 4);
    assertThat(Files.size(store.resolve("conv2.f32"))).isEqualTo(224L * 16 * 10 * 10 * 4);
    JsonNode entry = run.stageResult("teacher-features").path("report").path("feature-store");
    assertThat(entry.path("points").toString()).isEqualTo("[\"logits\",\"conv2\"]");

    assertThat(run.teacherOutputs("kd-cached")).isEqualTo("cached (stage teacher-features)");
    assertThat(run.teacherOutputs("at-cached")).isEqualTo("cached (stage teacher-features)");
    assertThat(Files.readString(run.directory().reportMarkdown()))
        .contains("- `kd-cached`: cached (stage teacher-features)")
        .contains("- `kd-stale`: computed: ");

    assertThat(run.progress())
        .anySatisfy(
            event -> {
              assertThat(event.getString("stage")).isEqualTo("teacher-features");
              assertThat(event.getString("phase")).isEqualTo("extract train");
              assertThat(event.getLong("done")).isEqualTo(224L);
            });
    assertThat(Files.readAllLines(run.directory().metricsFile()))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"event\":\"extract\"")
                    .contains("\"stage\":\"teacher-features\"")
                    .contains("\"images\":224"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"event\":\"teacher-outputs\"")
                    .contains("\"stage\":\"kd-cached\"")
                    .contains("cached (stage teacher-features)"));
  }
}
