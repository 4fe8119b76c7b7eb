package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pretrain-paraphraser} reads the teacher's feature map from an {@code extract-features}
 * store among its needs, and says so in its result; without a store, or with one that lacks its
 * feature point, it runs the teacher and says why.
 */
class ParaphraserReadsFeatureStoreTest {

  private static final String PIPELINE =
      """
      pipeline: tiny-paraphraser-store
      seed: 3
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 96, test-size: 32}
      defaults:
        pretrain-paraphraser: {teacher: teacher, feature-point: conv2, epochs: 2, batch-size: 32}
      stages:
        teacher:
          uses: train
          with: {model: lenet5, epochs: 1, batch-size: 32}
        teacher-features:
          uses: extract-features
          needs: [teacher]
          with: {model: teacher, features: [conv2]}
        logits-only:
          uses: extract-features
          needs: [teacher]
          with: {model: teacher}
        from-store:
          uses: pretrain-paraphraser
          needs: [teacher, teacher-features]
        store-lacks-point:
          uses: pretrain-paraphraser
          needs: [teacher, logits-only]
        no-store:
          uses: pretrain-paraphraser
          needs: [teacher]
      """;

  @Test
  void readsTheStoreWhenItHoldsTheFeaturePoint(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "store.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      PipelineRunner.RunResult result =
          runner.run(pipeline, Files.readString(file), run, event -> {});
      assertThat(result.outcomes().values())
          .allSatisfy(
              o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));
    }

    assertThat(teacherOutputs(run, "from-store")).isEqualTo("cached (stage teacher-features)");
    assertThat(teacherOutputs(run, "store-lacks-point"))
        .startsWith("computed: the store of stage 'logits-only' has no 'conv2'");
    assertThat(teacherOutputs(run, "no-store")).startsWith("computed: ");
    for (String stage : List.of("from-store", "store-lacks-point", "no-store")) {
      assertThat(result(run, stage).path("summary").path("train.reconstruction-loss").asDouble())
          .as(stage)
          .isPositive()
          .isFinite();
    }
  }

  private static String teacherOutputs(RunDirectory run, String stage) throws Exception {
    return result(run, stage).path("report").path("teacher-outputs").asText();
  }

  private static JsonNode result(RunDirectory run, String stage) throws Exception {
    return OptionsMapper.mapper()
        .readTree(run.stageDirectory(stage).resolve("result.json").toFile());
  }
}
