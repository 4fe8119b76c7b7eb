package dev.distillery.methods.pkt;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * The {@code pkt} method: Passalis & Tefas, ECCV 2018, "Learning Deep Representations with
 * Probabilistic Knowledge Transfer", as RepDistiller's {@code PKT}. See {@link PktLoss} for the
 * formula.
 */
public final class PktMethod implements MethodPlugin<PktOptions> {

  /** RepDistiller's β for PKT ({@code -b 30000} in scripts/run_cifar_distill.sh). */
  public static final double DEFAULT_WEIGHT = 30000;

  @Override
  public String id() {
    return "pkt";
  }

  @Override
  public String description() {
    return "Passalis & Tefas 2018 probabilistic knowledge transfer: KL between the teacher's and"
        + " the student's cosine-similarity conditional probabilities over the batch (RepDistiller"
        + " PKT)";
  }

  @Override
  public Class<PktOptions> optionsType() {
    return PktOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(PktOptions options, MethodSetup setup) {
    // Features are viewed as (B, -1) vectors, so any shapes compare; probing them checks that both
    // feature points exist.
    setup.studentShape(options.studentFeature());
    setup.teacherShape(options.teacherFeature());
    return new PktLoss(options);
  }
}
