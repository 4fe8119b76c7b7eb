package dev.distillery.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import java.util.List;

/**
 * Stand-in networks with one named feature point, for the feature methods' tests: the block's
 * forward pass returns zeros of the given per-image feature shape and 10 logits (enough for {@link
 * dev.distillery.spi.MethodSetup}'s shape probe); batches are made from given feature arrays.
 */
public final class FeatureTestBatches {

  static final int CLASSES = 10;

  private FeatureTestBatches() {}

  /** A network named {@code architecture} with one feature point {@code point} of shape shape. */
  public static Network network(String architecture, String point, Shape featureShape) {
    LambdaBlock block =
        new LambdaBlock(
            inputs -> {
              NDArray images = inputs.singletonOrThrow();
              long batch = images.getShape().get(0);
              return new NDList(
                  images.getManager().zeros(new Shape(batch).addAll(featureShape)),
                  images.getManager().zeros(new Shape(batch, CLASSES)));
            });
    return new Network(architecture, block, new ModelInput(1, 4, 4, CLASSES), List.of(point), 0);
  }

  /** A training batch whose outputs are one feature point (named point) and logits. */
  public static DistillationBatch batch(
      String point, NDArray studentFeature, NDArray teacherFeature, TrainingStep step) {
    long batchSize = studentFeature.getShape().get(0);
    NDArray logits = studentFeature.getManager().zeros(new Shape(batchSize, CLASSES));
    return new DistillationBatch(
        network("student", point, studentFeature.getShape().slice(1)),
        new NDList(studentFeature, logits),
        network("teacher", point, teacherFeature.getShape().slice(1)),
        new NDList(teacherFeature, logits),
        studentFeature.getManager().zeros(new Shape(batchSize), DataType.INT32),
        true,
        step);
  }

  /** A training batch as {@link #batch(String, NDArray, NDArray, TrainingStep)}, at no step. */
  public static DistillationBatch batch(
      String point, NDArray studentFeature, NDArray teacherFeature) {
    return batch(
        point,
        studentFeature,
        teacherFeature,
        TrainingStep.none((int) studentFeature.getShape().get(0)));
  }
}
