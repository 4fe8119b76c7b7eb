package dev.distillery.spi;

import dev.distillery.training.optim.OptimizerOptions;

/**
 * A way to train a student from a teacher without training data, by a generator that learns to make
 * images from the teacher (DAFL, DFAD, ...): {@code uses:} of a {@code data-free-distill} stage's
 * {@code recipe}. A new recipe is one class and one line in {@code META-INF/services}.
 *
 * @param <O> the recipe's typed options (loss weights and the like)
 */
public interface DataFreeRecipePlugin<O> extends Plugin<O> {

  /**
   * Creates the recipe for a teacher, student and generator. Throw a {@link UserException} when the
   * networks lack what the recipe needs (e.g. {@link DataFreeSetup#teacherClassifierInput}).
   */
  DataFreeRecipe create(O options, DataFreeSetup setup);

  /** The student's optimizer in the recipe's reference code, used when the stage names none. */
  OptimizerOptions defaultStudentOptimizer();

  /** The generator's optimizer in the recipe's reference code, used when the stage names none. */
  OptimizerOptions defaultGeneratorOptimizer();

  /** The generator model in the recipe's reference code, used when the stage names none. */
  Preflight.ModelSpec defaultGenerator();
}
