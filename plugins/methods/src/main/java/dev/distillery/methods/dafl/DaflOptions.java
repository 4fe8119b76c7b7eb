package dev.distillery.methods.dafl;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code dafl} recipe; the defaults are DAFL-train.py's MNIST defaults.
 *
 * @param oneHot weight of the one-hot loss (the reference's {@code --oh}, default 1)
 * @param informationEntropy weight of the information-entropy loss ({@code --ie}, default 5)
 * @param activation weight of the activation loss ({@code --a}, default 0.1)
 * @param temperature temperature of the student's KD loss (default 1: the reference's {@code
 *     kdloss} has none)
 */
public record DaflOptions(
    Double oneHot, Double informationEntropy, Double activation, Double temperature) {

  public DaflOptions {
    oneHot = oneHot == null ? 1.0 : oneHot;
    informationEntropy = informationEntropy == null ? 5.0 : informationEntropy;
    activation = activation == null ? 0.1 : activation;
    temperature = temperature == null ? 1.0 : temperature;
    if (oneHot < 0 || informationEntropy < 0 || activation < 0) {
      throw new UserException(
          "dafl: the loss weights one-hot, information-entropy and activation must be >= 0, got "
              + oneHot
              + ", "
              + informationEntropy
              + ", "
              + activation);
    }
    if (!(temperature > 0)) {
      throw new UserException("dafl: temperature must be > 0, got " + temperature);
    }
  }
}
