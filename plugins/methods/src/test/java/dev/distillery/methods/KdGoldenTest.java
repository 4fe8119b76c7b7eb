package dev.distillery.methods;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code kd} against RepDistiller's {@code DistillKL} run by PyTorch on the same inputs: loss value
 * and gradient with respect to the student logits (golden/kd.json, from
 * src/test/python/make_golden.py).
 */
class KdGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    for (JsonNode testCase : Golden.cases("kd")) {
      String name = testCase.path("name").asText();
      Shape shape =
          new Shape(testCase.path("shape").get(0).asLong(), testCase.path("shape").get(1).asLong());
      double temperature = testCase.path("options").path("temperature").asDouble();
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray student = manager.create(Golden.floats(testCase.path("student")), shape);
        NDArray teacher = manager.create(Golden.floats(testCase.path("teacher")), shape);
        student.setRequiresGradient(true);
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray value = new KnowledgeDistillationLoss(temperature).compute(student, teacher);
          loss = value.getFloat();
          collector.backward(value);
        }
        Golden.assertClose(
            name + " loss",
            new float[] {loss},
            new float[] {(float) testCase.path("loss").asDouble()});
        Golden.assertClose(
            name + " gradient",
            student.getGradient().toFloatArray(),
            Golden.floats(testCase.path("grad_student")));
      }
    }
  }
}
