package dev.distillery.pipeline;

import java.util.Locale;

/** Where a pipeline runs its stages: {@code device:} in a pipeline file. */
public enum DeviceChoice {
  /** A GPU when one is available, otherwise the CPU. */
  AUTO,
  /** The CPU, even when a GPU is available. */
  CPU,
  /** A GPU; the run fails when none is available. */
  GPU;

  /** The word used in pipeline files, e.g. {@code auto}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The choice for a word of a pipeline file ({@code auto}, {@code cpu}, {@code gpu}). */
  public static DeviceChoice fromId(String id) {
    for (DeviceChoice choice : values()) {
      if (choice.id().equals(id)) {
        return choice;
      }
    }
    throw new IllegalArgumentException("unknown device '" + id + "'; use auto, cpu or gpu");
  }
}
