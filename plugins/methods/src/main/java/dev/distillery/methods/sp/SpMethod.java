package dev.distillery.methods.sp;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code sp} method: Tung & Mori, ICCV 2019, "Similarity-Preserving Knowledge Distillation", as
 * RepDistiller's {@code Similarity}. See {@link SpLoss} for the formula.
 */
public final class SpMethod implements MethodPlugin<SpOptions> {

  /** RepDistiller's β for SP ({@code -b 3000} in scripts/run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 3000;

  @Override
  public String id() {
    return "sp";
  }

  @Override
  public String description() {
    return "Tung & Mori 2019 similarity-preserving KD: squared Frobenius distance of the"
        + " row-normalised B x B similarity matrices of a feature, / B^2 (RepDistiller Similarity)";
  }

  @Override
  public Class<SpOptions> optionsType() {
    return SpOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(SpOptions options, MethodSetup setup) {
    // Any shapes compare; probing them checks that both feature points exist.
    setup.studentShape(options.studentFeature());
    setup.teacherShape(options.teacherFeature());
    return new SpLoss(options);
  }
}
