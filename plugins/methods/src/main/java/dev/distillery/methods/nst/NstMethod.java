package dev.distillery.methods.nst;

import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code nst} method: Huang & Wang 2017, "Like What You Like: Knowledge Distill via Neuron
 * Selectivity Transfer", as RepDistiller's {@code NSTLoss}. See {@link NstLoss} for the formula.
 */
public final class NstMethod implements MethodPlugin<NstOptions> {

  /** RepDistiller's β for NST ({@code -b 50} in scripts/run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 50;

  @Override
  public String id() {
    return "nst";
  }

  @Override
  public String description() {
    return "Huang & Wang 2017 neuron selectivity transfer: squared MMD with a polynomial kernel"
        + " between L2-normalised channel maps, summed over feature pairs (RepDistiller NSTLoss)";
  }

  @Override
  public Class<NstOptions> optionsType() {
    return NstOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(NstOptions options, MethodSetup setup) {
    SpatialAlignment.checkPairs("nst", setup, options.studentFeatures(), options.teacherFeatures());
    return new NstLoss(options);
  }
}
