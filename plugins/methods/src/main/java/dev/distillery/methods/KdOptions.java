package dev.distillery.methods;

import dev.distillery.spi.UserException;

/**
 * Options of {@code kd}.
 *
 * @param temperature the softmax temperature T (default 4, RepDistiller's {@code --kd_T})
 */
public record KdOptions(Double temperature) {

  /** RepDistiller's default temperature. */
  public static final double DEFAULT_TEMPERATURE = 4.0;

  public KdOptions {
    temperature = temperature == null ? DEFAULT_TEMPERATURE : temperature;
    if (!(temperature > 0) || temperature.isInfinite()) {
      throw new UserException(
          "kd: temperature must be a finite number > 0, got temperature: "
              + temperature
              + "; e.g. temperature: 4");
    }
  }
}
