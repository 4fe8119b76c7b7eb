package com.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.SgdSteps;
import dev.distillery.testkit.TestNetworks;
import org.junit.jupiter.api.Test;

/** logit-mse against a hand computation, under gradient descent, and its options. */
class LogitMseMethodTest {

  private static final LogitMseMethod METHOD = new LogitMseMethod();

  private static DistillationLoss loss(double beta, NDManager manager) {
    MethodSetup setup =
        new MethodSetup(
            TestNetworks.logitsOnly("teacher", 3), TestNetworks.logitsOnly("student", 3), manager);
    return METHOD.create(new LogitMseMethod.Options(beta), setup);
  }

  @Test
  void valueAndGradientAreThoseOfTheFormula() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray student = manager.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
      NDArray teacher = manager.create(new float[] {1, 0, 3, 1, 1, 1}, new Shape(2, 3));
      student.setRequiresGradient(true);
      DistillationLoss loss = loss(0.5, manager);

      NDArray value;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        value = loss.compute(TestNetworks.logitsBatch(student, teacher));
        collector.backward(value);
      }

      // differences (0, 2, 0, -1, -1, -1): squares sum to 7, mean 7/6, times beta 0.5
      assertThat(value.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(value.getShape().isScalar()).isTrue();
      Closeness lossCloseness = Closeness.GOLDEN.compare(value.getFloat(), 7.0 / 12);
      assertThat(lossCloseness.close()).as("loss: %s", lossCloseness).isTrue();
      // gradient 2·beta·(s − t)/(B·C) = (s − t)/6
      float[] expected = {0, 2f / 6, 0, -1f / 6, -1f / 6, -1f / 6};
      Closeness gradient = Closeness.GOLDEN.compare(student.getGradient().toFloatArray(), expected);
      assertThat(gradient.close()).as("gradient: %s", gradient).isTrue();
      assertThat(loss.name()).isEqualTo("logit-mse");
    }
  }

  @Test
  void gradientDescentBringsTheStudentToTheTeacher() {
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed(5);
      NDArray student = manager.randomNormal(new Shape(8, 10));
      NDArray teacher = manager.randomNormal(new Shape(8, 10)).mul(3f);
      DistillationLoss loss = loss(1.0, manager);

      SgdSteps.Result result =
          SgdSteps.run(
              student, 20, 10f, logits -> loss.compute(TestNetworks.logitsBatch(logits, teacher)));

      assertThat(result.first()).isGreaterThan(1f);
      assertThat(result.last()).isLessThan(result.first() / 100);
    }
  }

  @Test
  void optionsBindWithDefaultsAndRejectBadValues() throws Exception {
    assertThat(OptionsMapper.bind(null, LogitMseMethod.Options.class).beta()).isEqualTo(1.0);
    assertThat(OptionsMapper.bind(json("{\"beta\": 0.25}"), LogitMseMethod.Options.class).beta())
        .isEqualTo(0.25);
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"beta\": -1}"), LogitMseMethod.Options.class))
        .rootCause()
        .isInstanceOf(UserException.class)
        .hasMessageContaining("beta is -1.0");
    assertThatThrownBy(
            () -> OptionsMapper.bind(json("{\"betta\": 1}"), LogitMseMethod.Options.class))
        .hasMessageContaining("betta");
  }

  @Test
  void teacherAndStudentWithOtherClassCountsAreRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup =
          new MethodSetup(
              TestNetworks.logitsOnly("teacher", 10),
              TestNetworks.logitsOnly("student", 5),
              manager);
      assertThatThrownBy(() -> METHOD.create(new LogitMseMethod.Options(null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("10 classes")
          .hasMessageContaining("student 5");
    }
  }

  private static JsonNode json(String text) throws Exception {
    return OptionsMapper.mapper().readTree(text);
  }
}
