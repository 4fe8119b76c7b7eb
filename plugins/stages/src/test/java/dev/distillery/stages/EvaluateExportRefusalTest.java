package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline whose evaluate stage asks for an export it cannot make is refused before anything
 * runs: an unknown format by the option check, a model the format cannot write by the preflight.
 */
class EvaluateExportRefusalTest {

  private static final String PIPELINE =
      """
      pipeline: tiny-export-refused
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 64, test-size: 16, classes: 4}
      stages:
        critic:
          uses: train
          with: {model: dcgan-discriminator, model-options: {width: 4}, epochs: 1}
        evaluate:
          uses: evaluate
          needs: [critic]
          with: {export: [FORMAT]}
      """;

  @Test
  void anUnknownFormatIsNamedWithTheKnownOnes(@TempDir Path directory) throws Exception {
    String printed = TinyPipelines.refusedRun(directory, PIPELINE.replace("FORMAT", "tflite"));

    assertThat(printed).contains("unknown export format 'tflite'; available: [onnx]");
  }

  @Test
  void aModelTheFormatCannotWriteIsNamedBeforeTraining(@TempDir Path directory) throws Exception {
    String printed = TinyPipelines.refusedRun(directory, PIPELINE.replace("FORMAT", "onnx"));

    assertThat(printed)
        .contains("stage 'critic'", "model 'dcgan-discriminator' cannot be exported to ONNX")
        .contains("remove 'onnx' from export");
  }
}
