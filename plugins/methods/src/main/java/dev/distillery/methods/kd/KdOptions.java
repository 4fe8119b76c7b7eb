package dev.distillery.methods.kd;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code kd} method.
 *
 * @param temperature the softmax temperature T applied to both the student's and the teacher's
 *     logits; higher values soften the teacher's distribution (default 4, RepDistiller's {@code
 *     --kd_T})
 */
public record KdOptions(Double temperature) {

  public static final double DEFAULT_TEMPERATURE = 4.0;

  public KdOptions {
    temperature = temperature == null ? DEFAULT_TEMPERATURE : temperature;
    if (!(temperature > 0) || temperature.isInfinite()) {
      throw new UserException(
          "kd option temperature is "
              + temperature
              + "; it must be a positive number, e.g. temperature: 4 (RepDistiller's default)");
    }
  }

  /** The defaults: temperature 4. */
  public static KdOptions defaults() {
    return new KdOptions(null);
  }
}
