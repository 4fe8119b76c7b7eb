package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
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
 * ft refuses a paraphraser trained on another teacher (same architecture, other weights) or on
 * another feature point, naming the paraphraser's teacher stage and feature point and this stage's
 * teacher and feature point.
 */
class ParaphraserOfAnotherTeacherTest {

  private static final String PIPELINE =
      """
      pipeline: ft-mismatch
      seed: 4
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 64, test-size: 16}
      defaults:
        train: {model: lenet5-half, epochs: 1, batch-size: 32}
        distill: {student: lenet5-half, epochs: 1, batch-size: 32}
      stages:
        teacher-a: {uses: train}
        teacher-b: {uses: train, with: {optimizer: {lr: 0.01}}}
        paraphraser:
          uses: pretrain-paraphraser
          needs: [teacher-a]
          with: {teacher: teacher-a, feature-point: conv2, epochs: 1, batch-size: 32}
        other-teacher:
          uses: distill
          needs: [teacher-b, paraphraser]
          with:
            teacher: teacher-b
            losses: [{uses: ft, with: {student-feature: conv2, teacher-feature: conv2}}]
        other-point:
          uses: distill
          needs: [teacher-a, paraphraser]
          with:
            teacher: teacher-a
            losses: [{uses: ft, with: {student-feature: conv1, teacher-feature: conv1}}]
      """;

  @Test
  void aParaphraserOfAnotherTeacherOrFeaturePointIsRejected(@TempDir Path directory)
      throws Exception {
    Path file = TinyPipelines.write(directory, "mismatch.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    PipelineRunner.RunResult result;
    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
      result = runner.run(pipeline, Files.readString(file), run, event -> {});
    }

    assertThat(result.outcomes().get("paraphraser").status()).isEqualTo(StageStatus.SUCCEEDED);
    var otherTeacher = result.outcomes().get("other-teacher");
    assertThat(otherTeacher.status()).isEqualTo(StageStatus.FAILED);
    assertThat(otherTeacher.message())
        .contains("losses[0] (uses: ft, teacher stage 'teacher-b')")
        .contains("teacher stage 'teacher-a'")
        .contains("a paraphraser only fits the teacher it was trained on");
    var otherPoint = result.outcomes().get("other-point");
    assertThat(otherPoint.status()).isEqualTo(StageStatus.FAILED);
    assertThat(otherPoint.message())
        .contains("ft reads teacher feature point 'conv1'")
        .contains("was trained on feature point 'conv2'")
        .contains("set ft's teacher-feature: conv2");
  }
}
