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
 * GAN stages stopped in the middle of an epoch and resumed end with exactly the networks of an
 * uninterrupted run: a WGAN-GP stage (generator and critic, both Adam optimizers, the latent and
 * uniform streams, the real batches) and a joint distillation (student, discriminator, the frozen
 * teacher's targets). The run is stopped twice, once in each stage. The probe images drawn after
 * the restore are the uninterrupted run's too.
 */
class GanResumeTest {

  private static final String PIPELINE =
      """
      pipeline: gan-resume
      seed: 13
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 128, test-size: 32}
      stages:
        wgan:
          uses: train-gan
          with:
            generator: {model: dcgan-generator, with: {width: 4}}
            discriminator: {model: dcgan-discriminator, with: {width: 4, batch-norm: false}}
            loss: {type: wgan-gp, critic-steps: 2}
            epochs: 3
            iterations-per-epoch: 4
            batch-size: 16
            probe-images: 16
        joint:
          uses: distill-generator
          needs: [wgan]
          with:
            teacher: wgan
            student: {with: {width: 2}}
            alpha: 0.3
            discriminator: {model: dcgan-discriminator, with: {width: 2}}
            epochs: 3
            iterations-per-epoch: 4
            batch-size: 16
            probe-images: 16
      """;

  @Test
  void resumedStagesEndWithTheSameNetworks(@TempDir Path directory) throws Exception {
    Path file = TinyPipelines.write(directory, "resume.yaml", PIPELINE);
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    PipelineRunner.Settings settings =
        new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory));
    RunDirectory straight = RunDirectory.create(directory.resolve("a"), pipeline.name());
    RunDirectory interrupted = RunDirectory.create(directory.resolve("b"), pipeline.name());
    try (PipelineRunner runner = PipelineRunner.start(settings, plugins)) {
      assertThat(runner.run(pipeline, PIPELINE, straight, event -> {}).succeeded()).isTrue();
      for (String stage : List.of("wgan", "joint")) {
        AtomicReference<String> stoppedAt = new AtomicReference<>();
        PipelineRunner.RunResult stopped =
            runner.run(
                pipeline,
                PIPELINE,
                interrupted,
                event -> {
                  if (stage.equals(event.getString("stage"))
                      && event.getString("phase").equals("epoch 2/3")
                      && event.getLong("done") >= 2
                      && stoppedAt.compareAndSet(null, event.encode())) {
                    runner.requestStop();
                  }
                });
        assertThat(stoppedAt.get()).as("stopped in " + stage).isNotNull();
        assertThat(stopped.cancelled()).isTrue();
      }
      assertThat(runner.run(pipeline, PIPELINE, interrupted, event -> {}).succeeded()).isTrue();
    }

    List<String> metrics = Files.readAllLines(interrupted.metricsFile());
    for (String stage : List.of("wgan", "joint")) {
      assertThat(metrics)
          .as("resumed " + stage)
          .anyMatch(
              l ->
                  l.contains("\"event\":\"resumed\"") && l.contains("\"stage\":\"" + stage + "\""));
    }
    // the probe's last grid too: a store that kept the arrays from before the restore would draw
    // the untrained generator there (and judge collapse by it)
    for (String stageFile :
        List.of(
            "wgan/generator.params",
            "wgan/discriminator.params",
            "wgan/images/epoch-0003.png",
            "joint/generator.params",
            "joint/images/epoch-0003.png")) {
      Path a = straight.path().resolve("stages").resolve(stageFile);
      Path b = interrupted.path().resolve("stages").resolve(stageFile);
      assertThat(Files.mismatch(a, b)).as(stageFile + " differs").isEqualTo(-1L);
    }
  }
}
