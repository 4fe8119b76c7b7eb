package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-free stage stopped in the middle of an epoch and resumed ends with exactly the student and
 * generator of an uninterrupted run: both networks (batch-norm statistics included), both
 * optimizers (SGD momentum, Adam moments and step counts) and the latent stream continue; the probe
 * images drawn after the restore are the uninterrupted run's too.
 */
class DataFreeResumeTest {

  private static final String PIPELINE =
      """
      pipeline: data-free-resume
      seed: 11
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 128, test-size: 32}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
        dfad:
          uses: data-free-distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            recipe: {uses: dfad, with: {student-steps: 2, distance: kl, information-entropy: 5}}
            generator: {model: dfad-generator, with: {width: 4}}
            epochs: 3
            iterations-per-epoch: 6
            batch-size: 16
            probe-images: 32
            collapse: {min-classes: 0}
      """;

  @Test
  void resumedStageEndsWithTheSameStudentAndGenerator(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "resume.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory));
    RunDirectory straight = RunDirectory.create(directory.resolve("a"), pipeline.name());
    RunDirectory interrupted = RunDirectory.create(directory.resolve("b"), pipeline.name());
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      assertThat(runner.run(pipeline, PIPELINE, straight, event -> {}).succeeded()).isTrue();

      AtomicReference<String> stoppedAt = new AtomicReference<>();
      PipelineRunner.RunResult first =
          runner.run(
              pipeline,
              PIPELINE,
              interrupted,
              event -> {
                if ("dfad".equals(event.getString("stage"))
                    && event.getString("phase").equals("epoch 2/3")
                    && event.getLong("done") >= 2
                    && stoppedAt.compareAndSet(null, event.encode())) {
                  runner.requestStop();
                }
              });
      assertThat(stoppedAt.get()).isNotNull();
      assertThat(first.cancelled()).isTrue();
      assertThat(runner.run(pipeline, PIPELINE, interrupted, event -> {}).succeeded()).isTrue();
    }

    String resumed =
        Files.readAllLines(interrupted.metricsFile()).stream()
            .filter(l -> l.contains("\"event\":\"resumed\"") && l.contains("\"stage\":\"dfad\""))
            .findFirst()
            .orElseThrow();
    assertThat(resumed).containsAnyOf("\"epoch\":2", "\"epoch\":3");
    // the probe's last grid too: a store that kept the arrays from before the restore would draw
    // the untrained generator there (and judge collapse by it)
    for (String file2 : List.of("student.params", "generator.params", "images/epoch-0003.png")) {
      Path a = straight.stageDirectory("dfad").resolve(file2);
      Path b = interrupted.stageDirectory("dfad").resolve(file2);
      assertThat(Files.mismatch(a, b)).as(file2 + " differs").isEqualTo(-1L);
    }
  }
}
