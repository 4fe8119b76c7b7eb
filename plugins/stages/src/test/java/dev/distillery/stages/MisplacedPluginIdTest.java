package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineValidationException;
import dev.distillery.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

/** A plugin id used where another kind belongs is named with where it goes. */
class MisplacedPluginIdTest {

  @Test
  void methodsModelsAndStagesUsedInTheWrongPlaceAreExplained() {
    String yaml =
        """
        pipeline: misplaced
        dataset: {name: synthetic}
        stages:
          teacher: {uses: lenet5}
          kd-stage: {uses: kd}
          t2: {uses: train, with: {model: lenet5}}
          s: {uses: distill, needs: [t2], with: {teacher: t2, student: lenet5-half, losses: [{uses: train}]}}
        """;
    PipelineLoader loader =
        new PipelineLoader(PluginRegistry.discover(getClass().getClassLoader()));

    assertThatThrownBy(() -> loader.parse(yaml, "misplaced.yaml"))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("misplaced.yaml:4:")
        .hasMessageContaining("'lenet5' is a model, not a stage")
        .hasMessageContaining("misplaced.yaml:5:")
        .hasMessageContaining("'kd' is a distillation method, not a stage")
        .hasMessageContaining("misplaced.yaml:7:")
        .hasMessageContaining("'train' is a stage plugin: give it its own stage");
  }
}
