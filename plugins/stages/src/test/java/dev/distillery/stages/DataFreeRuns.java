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
 * One tiny data-free run per test JVM, shared by the data-free tests: a teacher on synthetic data,
 * a {@code dafl} and a {@code dfad} student (small generators, a few iterations; their tiny
 * generators cover few classes, so the class check is off for them), a stage whose collapse check
 * always fires ({@code min-classes} above the class count) so that it restores twice and then only
 * reports, and an evaluation.
 */
final class DataFreeRuns {

  static final String PIPELINE =
      """
      pipeline: data-free-tiny
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        data-free-distill:
          teacher: teacher
          student: lenet5-half
          epochs: 3
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          image-every: 1
          collapse: {min-classes: 0}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        dafl:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dafl}
            generator: {model: dafl-generator, with: {width: 4}}
        dfad:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dfad, with: {distance: kl, information-entropy: 5, student-steps: 2}}
            generator: {model: dfad-generator, with: {width: 4}}
        collapsing:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dfad, with: {student-steps: 1}}
            generator: {model: dfad-generator, with: {width: 4}}
            epochs: 2
            collapse: {min-classes: 11, max-restores: 2}
        evaluate:
          uses: evaluate
          needs: [teacher, dafl, dfad]
          with: {latency-runs: 1}
      """;

  /** The finished run and the progress events it published. */
  record Run(RunDirectory directory, PipelineRunner.RunResult result, List<JsonObject> progress) {}

  private static Run run;

  private DataFreeRuns() {}

  static synchronized Run run() {
    if (run == null) {
      try {
        Path directory = Files.createTempDirectory("data-free-runs");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
        PluginRegistry plugins = PluginRegistry.discover(DataFreeRuns.class.getClassLoader());
        Path file = TinyPipelines.write(directory, "data-free.yaml", PIPELINE);
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
        throw new IllegalStateException("the data-free run failed", e);
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
