package dev.distillery.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import java.util.List;

/** Stand-in networks for tests that feed a loss with given outputs (no forward pass runs). */
public final class TestNetworks {

  private TestNetworks() {}

  /**
   * A network with no feature points whose outputs are {@code classes} logits (its block is the
   * identity; input 1 × 4 × 4), for {@link dev.distillery.spi.MethodSetup} and batches.
   */
  public static Network logitsOnly(String architecture, int classes) {
    return new Network(
        architecture, Blocks.identityBlock(), new ModelInput(1, 4, 4, classes), List.of(), 0);
  }

  /** A training batch whose outputs are just the logits. */
  public static DistillationBatch logitsBatch(NDArray studentLogits, NDArray teacherLogits) {
    int classes = (int) studentLogits.getShape().get(1);
    return new DistillationBatch(
        logitsOnly("student", classes),
        new NDList(studentLogits),
        logitsOnly("teacher", (int) teacherLogits.getShape().get(1)),
        new NDList(teacherLogits),
        studentLogits
            .getManager()
            .zeros(new Shape(studentLogits.getShape().get(0)), DataType.INT32),
        true,
        TrainingStep.none((int) studentLogits.getShape().get(0)));
  }
}
