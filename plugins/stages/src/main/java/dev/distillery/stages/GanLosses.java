package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import dev.distillery.spi.Scalars;

/**
 * The adversarial losses of the GAN stages, on discriminator scores. A discriminator is a two-class
 * classifier (fake 0, real 1); its score of an image is {@code logit_real − logit_fake}, the logit
 * of "real" (so {@code D(x) = sigmoid(score)}), and a WGAN critic's value.
 *
 * <pre>
 * non-saturating (Goodfellow et al. 2014, DCGAN):
 *   L_D = mean softplus(−s(x)) + mean softplus(s(G(z)))      = BCE(D(x), 1) + BCE(D(G(z)), 0)
 *   L_G = mean softplus(−s(G(z)))                             = BCE(D(G(z)), 1)
 * WGAN-GP (Gulrajani et al. 2017):
 *   L_D = mean s(G(z)) − mean s(x) + λ · mean (‖∇_x̂ s(x̂)‖₂ − 1)²,  x̂ = ε x + (1 − ε) G(z)
 *   L_G = −mean s(G(z))
 * joint distillation (Aguinaldo et al. 2019, eq. 3; student G_θ, teacher G_T):
 *   L_D = mean softplus(−s(x)) + α · mean softplus(s(G_θ(z)))  = −(E log D(x) + α E log(1 − D(G_θ(z))))
 *   L_S = −α · mean softplus(s(G_θ(z))) + (1 − α) · MSE          = α E log(1 − D(G_θ(z))) + (1 − α) MSE
 * </pre>
 *
 * Golden values: {@code src/test/python/make_gan_golden.py} ({@code GanLossesGoldenTest}).
 */
final class GanLosses {

  private GanLosses() {}

  /** {@code logit_real − logit_fake} of a two-class discriminator's logits {@code (N, 2)}. */
  static NDArray score(NDArray logits) {
    return logits.get(":, 1").sub(logits.get(":, 0"));
  }

  /** {@code mean softplus(x)} = {@code mean log(1 + e^x)}, stable for large |x|. */
  static NDArray meanSoftplus(NDArray x) {
    // softplus(x) = max(x, 0) + log(1 + exp(−|x|))
    return Scalars.atLeast(x, 0).add(x.abs().neg().exp().add(1f).log()).mean();
  }

  static NDArray nonSaturatingDiscriminator(NDArray realScores, NDArray fakeScores) {
    return meanSoftplus(realScores.neg()).add(meanSoftplus(fakeScores));
  }

  static NDArray nonSaturatingGenerator(NDArray fakeScores) {
    return meanSoftplus(fakeScores.neg());
  }

  static NDArray wassersteinCritic(NDArray realScores, NDArray fakeScores) {
    return fakeScores.mean().sub(realScores.mean());
  }

  static NDArray wassersteinGenerator(NDArray fakeScores) {
    return fakeScores.mean().neg();
  }

  static NDArray jointDiscriminator(NDArray realScores, NDArray fakeScores, double alpha) {
    return meanSoftplus(realScores.neg()).add(Scalars.times(meanSoftplus(fakeScores), alpha));
  }

  /** The student's adversarial term alone: {@code −mean softplus(s)} = {@code E log(1 − D)}. */
  static NDArray jointAdversarial(NDArray fakeScores) {
    return meanSoftplus(fakeScores).neg();
  }

  /** {@code α · adversarial + (1 − α) · mse}. */
  static NDArray jointStudent(NDArray adversarial, NDArray mse, double alpha) {
    return Scalars.times(adversarial, alpha).add(Scalars.times(mse, 1 - alpha));
  }

  /** {@code nn.MSELoss}: the mean over every pixel of the squared difference. */
  static NDArray meanSquaredError(NDArray images, NDArray target) {
    return images.sub(target).square().mean();
  }

  /** {@code weight · mean_i (‖g_i‖₂ − 1)²} of per-image gradients {@code g} {@code (N, ...)}. */
  static NDArray gradientPenalty(NDArray gradients, double weight) {
    NDArray flat = gradients.reshape(gradients.getShape().get(0), -1);
    NDArray norms = flat.square().sum(new int[] {1}).sqrt();
    return Scalars.times(norms.sub(1f).square().mean(), weight);
  }
}
