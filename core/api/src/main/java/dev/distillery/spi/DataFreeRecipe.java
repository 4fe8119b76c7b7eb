package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A data-free recipe made for one teacher, student and generator ({@link DataFreeRecipePlugin}).
 */
public interface DataFreeRecipe {

  /**
   * Runs one iteration: draws latent batches, generates images, and updates student and generator
   * through {@link DataFreeStep#minimise}. Returns the named, unweighted loss terms of the
   * iteration as scalars for metrics (e.g. {@code student.kd}, {@code generator.one-hot}), in a
   * stable order.
   */
  Map<String, NDArray> iterate(DataFreeStep step);

  /**
   * The student's distance to the teacher on a batch, as this recipe measures it (DAFL: KL
   * divergence, DFAD: mean absolute logit difference): the stage reports it on a fixed probe of
   * generated images every epoch, where it falling to about zero while the teacher sees few classes
   * is the sign of a collapsed generator.
   */
  NDArray studentDistance(NDArray studentLogits, NDArray teacherLogits);
}
