package dev.distillery.methods.kd;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;

/**
 * The {@code kd} method: Hinton et al. 2015, "Distilling the Knowledge in a Neural Network", as
 * RepDistiller's {@code DistillKL}. See {@link KdLoss} for the formula.
 */
public final class KdMethod implements MethodPlugin<KdOptions> {

  /** RepDistiller's α for KD ({@code -r 0.1 -a 0.9 -b 0} in its README). */
  public static final double DEFAULT_WEIGHT = 0.9;

  @Override
  public String id() {
    return "kd";
  }

  @Override
  public String description() {
    return "Hinton et al. 2015 knowledge distillation: KL between teacher and student softmax at"
        + " temperature T, times T^2 (RepDistiller DistillKL)";
  }

  @Override
  public Class<KdOptions> optionsType() {
    return KdOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(KdOptions options, MethodSetup setup) {
    int teacherClasses = setup.teacher().input().classes();
    int studentClasses = setup.student().input().classes();
    if (teacherClasses != studentClasses) {
      throw new UserException(
          "kd compares class distributions, but teacher '"
              + setup.teacher().architecture()
              + "' has "
              + teacherClasses
              + " classes and student '"
              + setup.student().architecture()
              + "' has "
              + studentClasses
              + "; build both for the same dataset");
    }
    return new KdLoss(options);
  }
}
