package dev.distillery.methods.dkd;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;

/**
 * The {@code dkd} method: Zhao et al. CVPR 2022, "Decoupled Knowledge Distillation", as
 * mdistiller's {@code DKD} (α 1, β 8, T 4, 20 warm-up epochs). The method gives only the DKD term;
 * mdistiller's cross-entropy ({@code CE_WEIGHT} 1) is the distill stage's {@code ce-weight}. See
 * {@link DkdLoss} for the formula.
 */
public final class DkdMethod implements MethodPlugin<DkdOptions> {

  /** The DKD term enters mdistiller's total loss unweighted (its α and β are inside the loss). */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String id() {
    return "dkd";
  }

  @Override
  public String description() {
    return "Zhao et al. 2022 decoupled KD: target-class (alpha 1) and non-target-class (beta 8)"
        + " KL terms at T 4, warmed up over 20 epochs (mdistiller DKD)";
  }

  @Override
  public Class<DkdOptions> optionsType() {
    return DkdOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(DkdOptions options, MethodSetup setup) {
    int teacherClasses = setup.teacher().input().classes();
    int studentClasses = setup.student().input().classes();
    if (teacherClasses != studentClasses) {
      throw new UserException(
          "dkd compares class distributions, but teacher '"
              + setup.teacher().architecture()
              + "' has "
              + teacherClasses
              + " classes and student '"
              + setup.student().architecture()
              + "' has "
              + studentClasses
              + "; build both for the same dataset");
    }
    return new DkdLoss(options);
  }
}
