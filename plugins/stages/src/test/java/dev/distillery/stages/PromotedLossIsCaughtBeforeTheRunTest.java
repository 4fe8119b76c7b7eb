package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.engine.PipelinePreflight;
import dev.distillery.engine.Splits;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first example loss, {@code ....mean().mul(options.beta())} with a {@code Double}
 * beta, is a float64 scalar: the check before the run computes it on a probe batch and refuses it,
 * naming the stage, the loss and the fix (it used to crash on the first training step with {@code
 * DataType mismatch, Required float, Actual float64}, naming nothing).
 */
class PromotedLossIsCaughtBeforeTheRunTest {

  @Test
  void aFloat64ScalarLossIsRefusedNamingTheLossAndTheFix(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "promoted.yaml",
            """
            pipeline: promoted
            seed: 5
            device: cpu
            dataset:
              name: synthetic
              validation: 0.0
              with: {train-size: 64, test-size: 16}
            stages:
              teacher:
                uses: train
                with: {model: lenet5-half, epochs: 1, batch-size: 32}
              student:
                uses: distill
                needs: [teacher]
                with:
                  teacher: teacher
                  student: lenet5-half
                  epochs: 2
                  batch-size: 32
                  losses: [{uses: double-weighted, weight: 1.0, with: {beta: 0.5}}]
            """);
    PluginRegistry plugins =
        PluginRegistry.discover(
            ContractBreakingMethods.loader(directory, getClass().getClassLoader()));
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    Splits data = Splits.load(pipeline.dataset(), pipeline.seed(), plugins, List.of(directory));
    assertThatThrownBy(
            () ->
                PipelinePreflight.check(
                    pipeline,
                    plugins,
                    data.source().input(),
                    data.train(),
                    data.validation().labels()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining(
            "stage 'student': losses[0] (uses: double-weighted) returned a float64")
        .hasMessageContaining("Scalars.times(x, beta)");
  }
}
