package com.example;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Scalars;
import dev.distillery.spi.UserException;

/**
 * The {@code logit-mse} method: the student regresses the teacher's logits (Ba and Caruana 2014,
 * "Do Deep Nets Really Need to be Deep?"), a mean squared error times {@code beta}:
 *
 * <pre>
 *   loss = beta / (B·C) · Σ_b Σ_c (s_bc − t_bc)²
 * </pre>
 *
 * In a pipeline: {@code losses: [{uses: logit-mse, weight: 1.0, with: {beta: 0.5}}]}.
 */
public final class LogitMseMethod implements MethodPlugin<LogitMseMethod.Options> {

  /**
   * The options under {@code with:} (kebab-case keys; unknown keys are rejected).
   *
   * @param beta the factor of the mean squared error (default 1)
   */
  public record Options(Double beta) {
    public Options {
      beta = beta == null ? 1.0 : beta;
      if (!(beta > 0) || beta.isInfinite()) {
        throw new UserException(
            "logit-mse option beta is " + beta + "; it must be a positive number, e.g. beta: 0.5");
      }
    }
  }

  @Override
  public String id() {
    return "logit-mse";
  }

  @Override
  public String description() {
    return "Mean squared error between student and teacher logits, times beta (Ba & Caruana 2014)";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public DistillationLoss create(Options options, MethodSetup setup) {
    int teacherClasses = setup.teacher().input().classes();
    int studentClasses = setup.student().input().classes();
    if (teacherClasses != studentClasses) {
      throw new UserException(
          "logit-mse compares logits class by class, but the teacher has "
              + teacherClasses
              + " classes and the student "
              + studentClasses
              + "; build both models for the same dataset");
    }
    return new DistillationLoss() {
      @Override
      public String name() {
        return "logit-mse";
      }

      @Override
      public NDArray compute(DistillationBatch batch) {
        NDArray error = batch.studentLogits().sub(batch.teacherLogits()).square().mean();
        // Scalars.times keeps beta a float32 array that lives until the backward pass: a Java
        // double in error.mul(beta) would make the loss float64 and fail the training step.
        return Scalars.times(error, options.beta());
      }
    };
  }
}
