package dev.distillery.stages;

import dev.distillery.engine.PipelineRunner;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One tiny GAN-compression run per test JVM, shared by the GAN tests: a classifier on synthetic
 * data, a DCGAN teacher (non-saturating), a WGAN-GP one, a student distilled with MSE and one with
 * the joint loss, a small generator trained adversarially from scratch, and the image-quality
 * evaluation of all five. Tiny generators cover few classes, so the class check is off.
 */
final class GanRuns {

  static final String PIPELINE =
      """
      pipeline: gan-tiny
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        train-gan:
          epochs: 2
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          image-every: 1
          classifier: classifier
          collapse: {min-classes: 0}
        distill-generator:
          teacher: gan
          epochs: 2
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          classifier: classifier
          collapse: {min-classes: 0}
      stages:
        classifier:
          uses: train
          with: {model: lenet5}
        gan:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 4}}
            discriminator: {model: dcgan-discriminator, with: {width: 4}}
        wgan:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 4}}
            discriminator: {model: dcgan-discriminator, with: {width: 4, batch-norm: false}}
            loss: {type: wgan-gp, critic-steps: 2}
        small:
          uses: distill-generator
          needs: [classifier, gan]
          with:
            student: {with: {width: 2}}
        joint:
          uses: distill-generator
          needs: [classifier, gan]
          with:
            student: {with: {width: 2}}
            alpha: 0.5
            discriminator: {model: dcgan-discriminator, with: {width: 2}}
        scratch:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 2}}
            discriminator: {model: dcgan-discriminator, with: {width: 4}}
        quality:
          uses: evaluate-generators
          needs: [classifier, gan, wgan, small, joint, scratch]
          with: {classifier: classifier, samples: 64, batch-size: 32}
      """;

  /** The finished run and the progress events it published. */
  record Run(RunDirectory directory, PipelineRunner.RunResult result, List<JsonObject> progress) {}

  private static Run run;

  private GanRuns() {}

  static synchronized Run run() {
    if (run == null) {
      try {
        Path directory = Files.createTempDirectory("gan-runs");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
        PluginRegistry plugins = PluginRegistry.discover(GanRuns.class.getClassLoader());
        Path file = TinyPipelines.write(directory, "gan.yaml", PIPELINE);
        PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
        RunDirectory runDirectory = RunDirectory.create(directory.resolve("runs"), pipeline.name());
        List<JsonObject> progress = new CopyOnWriteArrayList<>();
        try (PipelineRunner runner =
            PipelineRunner.start(
                new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
          run =
              new Run(
                  runDirectory,
                  runner.run(pipeline, PIPELINE, runDirectory, progress::add),
                  progress);
        }
      } catch (Exception e) {
        throw new IllegalStateException("the GAN run failed", e);
      }
    }
    return run;
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
