package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cross-entropy value and gradient w.r.t. the logits match F.cross_entropy (relative error below
 * 1e-4), and the count of correct predictions matches argmax, for int32 and int64 labels.
 */
class CrossEntropyLossGoldenTest {

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {"INT32", "INT64"})
  void matchesPyTorch(DataType labelType) {
    JsonNode golden = Golden.optim().get("cross_entropy");
    int batch = golden.get("batch").asInt();
    int classes = golden.get("classes").asInt();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits =
          manager.create(Golden.floats(golden.get("logits")), new Shape(batch, classes));
      logits.setRequiresGradient(true);
      int[] labelValues = new int[batch];
      for (int i = 0; i < batch; i++) {
        labelValues[i] = golden.get("labels").get(i).asInt();
      }
      NDArray labels = manager.create(labelValues).toType(labelType, false);
      float loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray value = CrossEntropyLoss.compute(logits, labels);
        assertThat(value.getShape()).isEqualTo(new Shape());
        loss = value.getFloat();
        collector.backward(value);
      }
      double lossError =
          Golden.maxRelativeError(
              new float[] {loss}, new float[] {(float) golden.get("loss").asDouble()});
      double gradientError =
          Golden.maxRelativeError(
              logits.getGradient().toFloatArray(), Golden.floats(golden.get("grad")));
      System.out.printf(
          "golden cross-entropy (%s labels): relative error loss %.3g, gradient %.3g%n",
          labelType, lossError, gradientError);
      assertThat(lossError).isLessThan(1e-4);
      assertThat(gradientError).isLessThan(1e-4);
      assertThat(CrossEntropyLoss.countCorrect(logits, labels))
          .isEqualTo(golden.get("correct").asLong());
    }
  }
}
