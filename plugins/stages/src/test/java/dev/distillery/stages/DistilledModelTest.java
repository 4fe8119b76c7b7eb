package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.distillery.models.onnx.OnnxRuntimeRunner;
import dev.distillery.prediction.DistilledModel;
import dev.distillery.prediction.Prediction;
import dev.distillery.spi.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Java API loads a stage's trained model from a run directory and predicts: logits equal to
 * those of the same model exported to ONNX, softmax probabilities, top-1 classes and the dataset's
 * class names as the run recorded them.
 */
class DistilledModelTest {

  @Test
  void predictsAsTheExportedStudentDoesWithTheRunsClassNames() {
    Path run = ExportRuns.run().directory().path();
    float[] images = new float[3 * 32 * 32];
    Random random = new Random(3);
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }

    Prediction prediction;
    try (DistilledModel model = DistilledModel.load(run, "student-kd")) {
      assertThat(model.architecture()).isEqualTo("lenet5-half");
      assertThat(model.classNames()).hasSize(4);
      assertThat(model.input().channels()).isEqualTo(1);
      prediction = model.predict(images, 3);
      assertThatThrownBy(() -> model.predict(new float[10], 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 × 1024 floats, got 10");
    }

    float[] onnx;
    try (OnnxRuntimeRunner runner =
        OnnxRuntimeRunner.open(run.resolve("stages/evaluate/export/student-kd/student.onnx"))) {
      onnx = runner.logits(images, 3);
    }
    for (int image = 0; image < 3; image++) {
      float sum = 0;
      int best = 0;
      for (int c = 0; c < 4; c++) {
        assertThat(prediction.logits()[image][c]).isCloseTo(onnx[image * 4 + c], within(1e-4f));
        sum += prediction.probabilities()[image][c];
        best = prediction.logits()[image][c] > prediction.logits()[image][best] ? c : best;
      }
      assertThat(sum).isCloseTo(1f, within(1e-5f));
      assertThat(prediction.classes()[image]).isEqualTo(best);
      assertThat(prediction.className(image))
          .isEqualTo(List.copyOf(prediction.classNames()).get(best));
    }
  }

  @Test
  void aStageWithoutAModelIsRefusedByName() {
    Path run = ExportRuns.run().directory().path();

    assertThatThrownBy(() -> DistilledModel.load(run, "evaluate"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("stage 'evaluate'")
        .hasMessageContaining("left no trained model");
  }
}
