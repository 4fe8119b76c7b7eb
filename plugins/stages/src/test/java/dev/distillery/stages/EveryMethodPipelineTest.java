package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.engine.PipelineRunner;
import dev.distillery.options.OptionsMapper;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.StageStatus;
import dev.distillery.spi.MethodPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered distillation method, with its default options and weight, trains a student in a
 * real pipeline (Camel routes, worker pool, checkpoints, connectors trained with the student) and
 * its training loss falls over three epochs of synthetic data (stays finite for crd, whose memory
 * banks fill as it trains).
 */
class EveryMethodPipelineTest {

  private static final int EPOCHS = 3;

  /** Options a method needs on 128 images (crd draws negatives from the training set). */
  static final Map<String, String> OPTIONS = Map.of("crd", "{negatives: 64}");

  /**
   * Methods whose loss is measured against a memory that fills during training: crd's banks start
   * random (easy negatives) and its contrastive loss rises while they fill with real embeddings.
   */
  private static final java.util.Set<String> MEMORY_LOSSES = java.util.Set.of("crd");

  /** Stages a method reads besides the teacher (ft: its pretrained paraphraser). */
  static final Map<String, String> NEEDS = Map.of("ft", ", paraphraser");

  @Test
  void everyMethodDistilsInAPipelineAndItsLossFalls(@TempDir Path directory) throws Exception {
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    List<String> methods = plugins.methods().stream().map(MethodPlugin::id).sorted().toList();
    Path file = TinyPipelines.write(directory, "every-method.yaml", pipeline(methods));
    PipelineSpec pipeline = new PipelineLoader(plugins).load(file);
    RunDirectory run = RunDirectory.create(directory.resolve("runs"), pipeline.name());

    try (PipelineRunner runner =
        PipelineRunner.start(
            new PipelineRunner.Settings(2, "127.0.0.1", 0, List.of(directory)), plugins)) {
      PipelineRunner.RunResult result =
          runner.run(pipeline, Files.readString(file), run, event -> {});
      assertThat(result.outcomes().values())
          .allSatisfy(
              o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));
    }

    Map<String, List<Double>> losses = epochLosses(run);
    for (String method : methods) {
      assertThat(losses.get(method))
          .as("training loss per epoch of the student distilled with '%s'", method)
          .hasSize(EPOCHS)
          .allSatisfy(loss -> assertThat(loss).isFinite());
      if (!MEMORY_LOSSES.contains(method)) {
        assertThat(losses.get(method).get(EPOCHS - 1))
            .as("last epoch's loss of '%s' against the first's", method)
            .isLessThan(losses.get(method).get(0));
      }
    }
  }

  /** A resnet8 teacher, and one resnet8 student per method (same widths: every method applies). */
  private static String pipeline(List<String> methods) {
    StringBuilder text =
        new StringBuilder(
            """
            pipeline: every-method
            seed: 5
            device: cpu
            dataset:
              name: synthetic
              validation: 0.0
              with: {train-size: 128, test-size: 32}
            defaults:
              distill:
                teacher: teacher
                student: resnet8
                ce-weight: 1
                epochs: %d
                batch-size: 32
                optimizer: {type: sgd, lr: 0.02, momentum: 0.9}
            stages:
              teacher:
                uses: train
                with: {model: resnet8, epochs: 2, batch-size: 32}
              paraphraser:
                uses: pretrain-paraphraser
                needs: [teacher]
                with: {teacher: teacher, epochs: 1, batch-size: 32}
            """
                .formatted(EPOCHS));
    for (String method : methods) {
      text.append(
          """
            %s:
              uses: distill
              needs: [teacher%s]
              with: {losses: [{uses: %s, with: %s}]}
          """
              .formatted(
                  method,
                  NEEDS.getOrDefault(method, ""),
                  method,
                  OPTIONS.getOrDefault(method, "{}")));
    }
    return text.toString();
  }

  private static Map<String, List<Double>> epochLosses(RunDirectory run) throws Exception {
    Map<String, List<Double>> losses = new TreeMap<>();
    for (String line : Files.readAllLines(run.metricsFile())) {
      JsonNode event = OptionsMapper.mapper().readTree(line);
      if (event.path("event").asText().equals("epoch") && event.has("loss")) {
        losses
            .computeIfAbsent(event.path("stage").asText(), s -> new ArrayList<>())
            .add(event.path("loss").asDouble());
      }
    }
    return losses;
  }
}
