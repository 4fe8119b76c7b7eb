package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineValidationException;
import dev.distillery.plugin.PluginRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distill stage whose ft loss names no pretrain-paraphraser stage is rejected before the run, at
 * the option's position, naming the stage kind to add with a snippet; so is one that names a stage
 * of another kind, or a paraphraser stage missing from {@code needs}.
 */
class FtNeedsAParaphraserStageTest {

  private static final String HEAD =
      """
      pipeline: ft-checks
      device: cpu
      dataset: {name: synthetic, with: {train-size: 64, test-size: 16}}
      stages:
        teacher: {uses: train, with: {model: lenet5, epochs: 1}}
        pp:
          uses: pretrain-paraphraser
          needs: [teacher]
          with: {teacher: teacher, feature-point: conv2}
      """;

  @Test
  void ftWithoutAParaphraserStageNamesTheStageToAdd(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "missing.yaml",
            HEAD
                + """
                  student:
                    uses: distill
                    needs: [teacher]
                    with:
                      teacher: teacher
                      student: lenet5-half
                      losses: [{uses: ft, with: {student-feature: conv2, teacher-feature: conv2}}]
                """);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    assertThatThrownBy(() -> new PipelineLoader(plugins).load(file))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("missing.yaml:16:")
        .hasMessageContaining("method 'ft' needs a 'pretrain-paraphraser' stage")
        .hasMessageContaining("no stage 'paraphraser'")
        .hasMessageContaining("list it in `needs` of stage 'student'")
        .hasMessageContaining("e.g.\n  paraphraser:\n    uses: pretrain-paraphraser\n")
        .hasMessageContaining("with: {teacher: teacher, feature-point: conv2, rate: 0.5}");
  }

  @Test
  void aStageOfAnotherKindIsRejected(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "kind.yaml",
            HEAD
                + """
                  student:
                    uses: distill
                    needs: [teacher, pp]
                    with:
                      teacher: teacher
                      student: lenet5-half
                      losses: [{uses: ft, with: {paraphraser: teacher, teacher-feature: conv2}}]
                """);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    assertThatThrownBy(() -> new PipelineLoader(plugins).load(file))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("kind.yaml:16:")
        .hasMessageContaining("stage 'teacher' uses 'train'")
        .hasMessageContaining(
            "name a stage that uses 'pretrain-paraphraser', e.g.\n  paraphraser:\n")
        .hasMessageContaining("uses: pretrain-paraphraser");
  }

  @Test
  void theParaphraserStageMustBeNeeded(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "needs.yaml",
            HEAD
                + """
                  student:
                    uses: distill
                    needs: [teacher]
                    with:
                      teacher: teacher
                      student: lenet5-half
                      losses: [{uses: ft, with: {paraphraser: pp, teacher-feature: conv2}}]
                """);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    assertThatThrownBy(() -> new PipelineLoader(plugins).load(file))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining(
            "stage 'pp' (used by method 'ft') must be listed in `needs` of stage"
                + " 'student' (needs: [teacher])");
  }
}
