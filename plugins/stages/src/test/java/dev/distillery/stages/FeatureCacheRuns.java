package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Two runs on synthetic data, made once per test JVM and shared by the feature-cache tests: {@link
 * #CACHE} has extract-features stages and distill stages that can (or, for a reason, can't) read
 * from them; {@link #PLAIN} has the same teacher and the same {@code kd-cached} stage (same id, so
 * the same seed) without a feature store. One CPU slot, so both run with the same threads.
 */
final class FeatureCacheRuns {

  static final String CACHE =
      """
      pipeline: feature-cache
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 1, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {teacher: teacher, student: lenet5-half, epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        other-teacher:
          uses: train
          with: {model: lenet5, optimizer: {type: sgd, lr: 0.02}}
        teacher-features:
          uses: extract-features
          needs: [teacher]
          with: {model: teacher, features: [conv2], batch-size: 50}
        other-features:
          uses: extract-features
          needs: [other-teacher]
          with: {model: other-teacher}
        kd-cached:
          uses: distill
          needs: [teacher, teacher-features]
          with:
            losses: [{uses: kd, weight: 0.9, with: {temperature: 4}}]
        at-cached:
          uses: distill
          needs: [teacher, teacher-features]
          with:
            losses:
              - uses: kd
              - {uses: at, weight: 100, with: {student-features: [conv2], teacher-features: [conv2]}}
        sp-missing-point:
          uses: distill
          needs: [teacher, teacher-features]
          with:
            losses: [{uses: sp, with: {student-feature: fc1, teacher-feature: fc1}}]
        kd-augmented:
          uses: distill
          needs: [teacher, teacher-features]
          with:
            augmentation: {crop-padding: 2}
            losses: [{uses: kd}]
        kd-stale:
          uses: distill
          needs: [teacher, other-features]
          with:
            losses: [{uses: kd}]
        evaluate:
          uses: evaluate
          needs: [teacher, kd-cached, kd-stale]
          with: {latency-runs: 1}
      """;

  static final String PLAIN =
      """
      pipeline: feature-cache-plain
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 1, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {teacher: teacher, student: lenet5-half, epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        kd-cached:
          uses: distill
          needs: [teacher]
          with:
            losses: [{uses: kd, weight: 0.9, with: {temperature: 4}}]
      """;

  /** A finished run: its directory, the stage outcomes and the progress events it published. */
  record Run(RunDirectory directory, PipelineRunner.RunResult result, List<JsonObject> progress) {

    JsonNode stageResult(String stage) {
      try {
        return OptionsMapper.mapper()
            .readTree(directory.stageDirectory(stage).resolve("result.json").toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The distill stage's {@code teacher-outputs} entry. */
    String teacherOutputs(String stage) {
      return stageResult(stage).path("report").path("teacher-outputs").asText();
    }
  }

  private static Run cache;
  private static Run plain;

  private FeatureCacheRuns() {}

  static synchronized Run cache() {
    if (cache == null) {
      runBoth();
    }
    return cache;
  }

  static synchronized Run plain() {
    if (plain == null) {
      runBoth();
    }
    return plain;
  }

  private static void runBoth() {
    try {
      Path directory = Files.createTempDirectory("feature-cache-runs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
      PluginRegistry plugins = PluginRegistry.discover(FeatureCacheRuns.class.getClassLoader());
      try (PipelineRunner runner =
          PipelineRunner.start(
              new PipelineRunner.Settings(1, "127.0.0.1", null, List.of(directory)), plugins)) {
        cache = run(runner, plugins, directory, "cache.yaml", CACHE);
        plain = run(runner, plugins, directory, "plain.yaml", PLAIN);
      }
    } catch (Exception e) {
      throw new IllegalStateException("the feature-cache runs failed", e);
    }
  }

  private static Run run(
      PipelineRunner runner, PluginRegistry plugins, Path directory, String name, String text)
      throws Exception {
    Path file = TinyPipelines.write(directory, name, text);
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());
    List<JsonObject> progress = new CopyOnWriteArrayList<>();
    PipelineRunner.RunResult result = runner.run(pipeline, text, run, progress::add);
    return new Run(run, result, progress);
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
