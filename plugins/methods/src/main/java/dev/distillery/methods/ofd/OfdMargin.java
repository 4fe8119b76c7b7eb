package dev.distillery.methods.ofd;

import ai.djl.nn.norm.BatchNorm;
import dev.distillery.spi.Network;
import java.util.Optional;

/**
 * OFD's margin (Heo et al. ICCV 2019, eq. 3), as overhaul-distillation's {@code
 * get_margin_from_BN}: the teacher's pre-ReLU response of a channel is modelled as x ~ N(β, γ²)
 * from the affine parameters of the batch norm that produces it, and the margin is the expected
 * negative response
 *
 * <pre>
 *   s = |γ|, m = β
 *   margin = m − s · φ(m/s) / Φ(−m/s)     if Φ(−m/s) > 0.001      ( = E[x | x < 0] )
 *          = −3 s                         otherwise
 * </pre>
 *
 * with φ, Φ the standard normal density and distribution function. Computed in double, stored as
 * float (the reference builds a {@code torch.FloatTensor}). For γ = 0 (a constant channel, where
 * the reference divides by zero) the margin is the limit of the formula: β when β < 0, else 0.
 */
public final class OfdMargin {

  /** The reference's threshold on Φ(−m/s) below which the margin is −3s. */
  static final double MIN_NEGATIVE_PROBABILITY = 0.001;

  private OfdMargin() {}

  /** The margin of each channel, from the batch norm's γ (weight) and β (bias). */
  public static float[] of(float[] gamma, float[] beta) {
    if (gamma.length != beta.length) {
      throw new IllegalArgumentException(
          "gamma has " + gamma.length + " channels, beta " + beta.length);
    }
    float[] margins = new float[gamma.length];
    for (int c = 0; c < gamma.length; c++) {
      margins[c] = (float) margin(gamma[c], beta[c]);
    }
    return margins;
  }

  /**
   * The margin of each channel of the teacher's feature point, from the batch norm that produces it
   * ({@link Network#batchNormOf}, the reference's {@code get_bn_before_relu()}); empty when the
   * model has none there (LeNet-5).
   */
  public static Optional<float[]> fromBatchNorm(Network teacher, String point, long channels) {
    Optional<BatchNorm> found = teacher.batchNormOf(point);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    float[] gamma = found.get().getParameters().get("gamma").getArray().toFloatArray();
    float[] beta = found.get().getParameters().get("beta").getArray().toFloatArray();
    if (gamma.length != channels || beta.length != channels) {
      throw new IllegalStateException(
          "model '"
              + teacher.architecture()
              + "' maps feature point '"
              + point
              + "' of "
              + channels
              + " channels to a batch norm of "
              + gamma.length
              + " channels");
    }
    return Optional.of(of(gamma, beta));
  }

  /** The margin of one channel with batch norm scale gamma and shift beta. */
  public static double margin(double gamma, double beta) {
    double s = Math.abs(gamma);
    double m = beta;
    if (s == 0) {
      return m < 0 ? m : 0;
    }
    double negative = normalCdf(-m / s);
    if (negative > MIN_NEGATIVE_PROBABILITY) {
      return -s * Math.exp(-(m / s) * (m / s) / 2) / Math.sqrt(2 * Math.PI) / negative + m;
    }
    return -3 * s;
  }

  /**
   * The standard normal distribution function Φ(z), to about 1e-15 absolute (Marsaglia 2004,
   * "Evaluating the Normal Distribution": Φ(z) = ½ + φ(z)·(z + z³/3 + z⁵/(3·5) + ...), a series of
   * terms of one sign); 0 below −9 and 1 above 9, where Φ differs from them by less than 1e-18.
   */
  public static double normalCdf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    if (z < -9) {
      return 0;
    }
    if (z > 9) {
      return 1;
    }
    double sum = z;
    double term = z;
    double z2 = z * z;
    for (int k = 3; ; k += 2) {
      term *= z2 / k;
      double next = sum + term;
      if (next == sum) {
        break;
      }
      sum = next;
    }
    return 0.5 + sum * Math.exp(-z2 / 2) / Math.sqrt(2 * Math.PI);
  }
}
