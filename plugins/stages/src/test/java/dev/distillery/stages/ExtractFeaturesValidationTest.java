package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineValidationException;
import dev.distillery.plugin.PluginRegistry;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in an extract-features stage's options are reported with their position before anything
 * loads: a model stage not in needs, an unknown split, logits listed as a feature point.
 */
class ExtractFeaturesValidationTest {

  @Test
  void badOptionsAreReportedAtTheirPositions(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "bad.yaml",
            """
            pipeline: bad-extract
            dataset: {name: synthetic}
            stages:
              teacher: {uses: train, with: {model: lenet5}}
              features:
                uses: extract-features
                with: {model: teacher, split: training, features: [logits]}
            """);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineValidationException problem =
        Assertions.catchThrowableOfType(
            PipelineValidationException.class, () -> new PipelineLoader(plugins).load(file));
    assertThat(problem).isNotNull();
    assertThat(problem.getMessage())
        .contains("bad.yaml:7:")
        .contains("model stage 'teacher' must be listed in `needs` of stage 'features'")
        .contains("unknown split 'training'; use one of [train, validation, test]")
        .contains("'logits' are always stored");
  }
}
