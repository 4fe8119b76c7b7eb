package dev.distillery.methods.dkd;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code dkd} method (defaults: mdistiller's {@code CFG.DKD}).
 *
 * @param alpha weight of the target-class term TCKD (default 1, {@code CFG.DKD.ALPHA})
 * @param beta weight of the non-target-class term NCKD (default 8, {@code CFG.DKD.BETA})
 * @param temperature softmax temperature T (default 4, {@code CFG.DKD.T})
 * @param warmupEpochs epochs over which the loss ramps up linearly: the loss of (1-based) epoch e
 *     is multiplied by min(e / warmup-epochs, 1); 1 means no warm-up (default 20, {@code
 *     CFG.DKD.WARMUP})
 */
public record DkdOptions(Double alpha, Double beta, Double temperature, Integer warmupEpochs) {

  public static final double DEFAULT_ALPHA = 1.0;
  public static final double DEFAULT_BETA = 8.0;
  public static final double DEFAULT_TEMPERATURE = 4.0;
  public static final int DEFAULT_WARMUP_EPOCHS = 20;

  public DkdOptions {
    alpha = weight("alpha", alpha, DEFAULT_ALPHA, "alpha: 1");
    beta = weight("beta", beta, DEFAULT_BETA, "beta: 8");
    temperature = temperature == null ? DEFAULT_TEMPERATURE : temperature;
    if (!(temperature > 0) || temperature.isInfinite()) {
      throw new UserException(
          "dkd option temperature is "
              + temperature
              + "; it must be a positive number, e.g. temperature: 4 (mdistiller's default)");
    }
    warmupEpochs = warmupEpochs == null ? DEFAULT_WARMUP_EPOCHS : warmupEpochs;
    if (warmupEpochs < 1) {
      throw new UserException(
          "dkd option warmup-epochs is "
              + warmupEpochs
              + "; it must be a whole number >= 1 (1 = no warm-up), e.g. warmup-epochs: 20"
              + " (mdistiller's default)");
    }
    if (alpha == 0 && beta == 0) {
      throw new UserException(
          "dkd options alpha and beta are both 0, so the loss is always 0; give at least one a"
              + " positive weight (mdistiller: alpha 1, beta 8)");
    }
  }

  /** The defaults: alpha 1, beta 8, temperature 4, warm-up 20 epochs. */
  public static DkdOptions defaults() {
    return new DkdOptions(null, null, null, null);
  }

  private static double weight(String option, Double value, double fallback, String example) {
    if (value == null) {
      return fallback;
    }
    if (!(value >= 0) || value.isInfinite()) {
      throw new UserException(
          "dkd option "
              + option
              + " is "
              + value
              + "; it must be a number >= 0, e.g. "
              + example
              + " (mdistiller's default)");
    }
    return value;
  }
}
