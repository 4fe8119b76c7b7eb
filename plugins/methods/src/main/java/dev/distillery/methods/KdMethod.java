package dev.distillery.methods;

import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;

/**
 * {@code kd}: Hinton KD on the logits, {@link KnowledgeDistillationLoss}. Default weight 0.9 (α in
 * RepDistiller's {@code γ·CE + α·KD}; γ is the distill stage's {@code ce-weight}, default 0.1).
 */
public final class KdMethod implements MethodPlugin<KdOptions> {

  @Override
  public String id() {
    return "kd";
  }

  @Override
  public String description() {
    return "Hinton KD: KL(softmax(t/T) || softmax(s/T))·T²/B on the logits (RepDistiller DistillKL)";
  }

  @Override
  public Class<KdOptions> optionsType() {
    return KdOptions.class;
  }

  @Override
  public DistillationLoss create(KdOptions options, MethodSetup setup) {
    return new KnowledgeDistillationLoss(options.temperature());
  }

  @Override
  public double defaultWeight() {
    return 0.9;
  }
}
