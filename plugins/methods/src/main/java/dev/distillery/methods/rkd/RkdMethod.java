package dev.distillery.methods.rkd;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code rkd} method: Park et al. CVPR 2019, "Relational Knowledge Distillation", as
 * RepDistiller's {@code RKDLoss} (distance weight 25, angle weight 50 inside the loss). See {@link
 * RkdLoss} for the formula.
 */
public final class RkdMethod implements MethodPlugin<RkdOptions> {

  /** RepDistiller's β for RKD ({@code --distill rkd -a 0 -b 1} in its README and scripts). */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String id() {
    return "rkd";
  }

  @Override
  public String description() {
    return "Park et al. 2019 relational KD: smooth L1 between student and teacher batch distance"
        + " (x25) and angle (x50) relations (RepDistiller RKDLoss)";
  }

  @Override
  public Class<RkdOptions> optionsType() {
    return RkdOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(RkdOptions options, MethodSetup setup) {
    // Unknown feature points fail here, naming the model's points; relations are size-free, so
    // any two feature shapes work together.
    setup.studentShape(options.studentFeature());
    setup.teacherShape(options.teacherFeature());
    return new RkdLoss(options);
  }
}
