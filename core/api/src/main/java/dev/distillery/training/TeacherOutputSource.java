package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.function.Function;

/**
 * Where a distillation objective gets the teacher's outputs from instead of running the teacher on
 * every batch (e.g. the feature store that extract-features writes). The outputs have the layout of
 * the teacher's forward pass: its feature points, then the logits.
 */
public interface TeacherOutputSource {

  /**
   * The teacher's outputs for a batch.
   *
   * @param images the batch's images (used only when the teacher has to run)
   * @param sampleIndices the split index of each image of the batch
   * @param forward runs the teacher on images and returns its detached outputs
   */
  NDList outputs(NDArray images, int[] sampleIndices, Function<NDArray, NDList> forward);

  /** True while outputs are still read from the source rather than computed. */
  boolean reading();

  /** One line for the stage's result: where the teacher's outputs came from, and why. */
  String status();
}
