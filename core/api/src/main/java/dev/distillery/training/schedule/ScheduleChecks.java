package dev.distillery.training.schedule;

import dev.distillery.spi.UserException;

/** Validation shared by the schedule options, reported as {@link UserException}s. */
final class ScheduleChecks {

  private ScheduleChecks() {}

  static int warmup(String type, Integer warmupEpochs) {
    if (warmupEpochs == null) {
      return 0;
    }
    if (warmupEpochs < 0) {
      throw new UserException(
          "schedule "
              + type
              + ": warmup-epochs must be >= 0, got warmup-epochs: "
              + warmupEpochs
              + "; e.g. warmup-epochs: 5, or leave it out for no warm-up");
    }
    return warmupEpochs;
  }

  static double gamma(String type, Double gamma) {
    if (gamma == null) {
      return 0.1;
    }
    if (!(gamma > 0) || Double.isInfinite(gamma)) {
      throw new UserException(
          "schedule "
              + type
              + ": gamma must be a finite number > 0, got gamma: "
              + gamma
              + "; e.g. gamma: 0.1");
    }
    return gamma;
  }
}
