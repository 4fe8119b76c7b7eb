package dev.distillery.spi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * What a {@link DataFreeRecipe} may do in one iteration. Everything it creates lives in {@link
 * #manager()}, which is closed when the iteration ends. Autograd records every operation of the
 * iteration, so the recipe computes its losses and hands each to {@link #minimise} with the players
 * it updates.
 */
public interface DataFreeStep {

  /** The two networks that train. */
  enum Player {
    STUDENT,
    GENERATOR
  }

  /** The iteration's manager: every array of the iteration belongs here. */
  NDManager manager();

  /** Images per generated batch (the stage's {@code batch-size}). */
  int batchSize();

  /** The iteration (0-based, counted over the whole stage) and the epoch (0-based) it is in. */
  long iteration();

  int epoch();

  /**
   * The next batch of latent vectors, {@code (batchSize, latentSize)}, standard normal. Draws come
   * from the stage's seeded stream in order, so a resumed stage draws the same vectors as an
   * uninterrupted one.
   */
  NDArray latent();

  /** The generator's images for latent vectors (training mode); gradients reach the generator. */
  NDArray generate(NDArray latent);

  /**
   * The generator's images (training mode) without recording the pass for back-propagation: for
   * batches only the student learns from (cheaper than {@code generate(z).stopGradient()}).
   */
  NDArray generateDetached(NDArray latent);

  /**
   * The frozen teacher's outputs (inference mode): {@code NDList(features..., logits)} as {@link
   * Network} describes. Gradients flow through it to images that require them.
   */
  NDList teacher(NDArray images);

  /** The student's outputs (training mode). */
  NDList student(NDArray images);

  Network teacherNetwork();

  Network studentNetwork();

  /**
   * Back-propagates a scalar loss, steps the optimizers of the given players with their current
   * learning rates and clears the gradients of every player, so gradients the loss left on a player
   * that does not step here (e.g. the student, in a generator step) are dropped.
   */
  void minimise(NDArray loss, Player... players);
}
