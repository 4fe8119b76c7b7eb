package dev.distillery.training.optim;

import dev.distillery.spi.UserException;

/** Validation of optimizer options, reported as {@link UserException}s. */
final class OptionChecks {

  private OptionChecks() {}

  static void nonNegative(String type, String option, double value, String example) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new UserException(
          "optimizer "
              + type
              + ": "
              + option
              + " must be a finite number >= 0, got "
              + option
              + ": "
              + value
              + "; "
              + example);
    }
  }

  static void unitInterval(String type, String option, double value, String example) {
    if (!(value >= 0 && value < 1)) {
      throw new UserException(
          "optimizer "
              + type
              + ": "
              + option
              + " must be in [0, 1), got "
              + option
              + ": "
              + value
              + "; "
              + example);
    }
  }
}
