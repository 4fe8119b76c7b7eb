package dev.distillery.methods.at;

import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code at} method: Zagoruyko & Komodakis, ICLR 2017, "Paying More Attention to Attention", as
 * RepDistiller's {@code Attention}. See {@link AtLoss} for the formula.
 */
public final class AtMethod implements MethodPlugin<AtOptions> {

  /** RepDistiller's β for AT ({@code -b 1000} in scripts/run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 1000;

  @Override
  public String id() {
    return "at";
  }

  @Override
  public String description() {
    return "Zagoruyko & Komodakis 2017 attention transfer: squared difference of L2-normalised"
        + " spatial attention maps mean_c f^p, summed over feature pairs (RepDistiller Attention)";
  }

  @Override
  public Class<AtOptions> optionsType() {
    return AtOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(AtOptions options, MethodSetup setup) {
    SpatialAlignment.checkPairs("at", setup, options.studentFeatures(), options.teacherFeatures());
    return new AtLoss(options);
  }
}
