package dev.distillery.pipeline;

import java.util.Locale;

/**
 * The kind of device a stage needs: {@code device:} of a stage in a pipeline file. A stage without
 * one takes the pipeline's {@code device:} ({@code auto} becoming {@code any}).
 */
public enum StageDevice {
  /** The CPU. */
  CPU,
  /** A GPU; the stage fails at once when no worker offers one. */
  GPU,
  /** Whichever is free, a GPU first. */
  ANY;

  /** The word used in pipeline files, e.g. {@code any}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The choice for a word of a pipeline file ({@code cpu}, {@code gpu}, {@code any}). */
  public static StageDevice fromId(String id) {
    for (StageDevice device : values()) {
      if (device.id().equals(id)) {
        return device;
      }
    }
    throw new IllegalArgumentException("unknown stage device '" + id + "'; use cpu, gpu or any");
  }

  /** The stage device a pipeline-wide {@code device:} stands for. */
  public static StageDevice of(DeviceChoice choice) {
    return switch (choice) {
      case CPU -> CPU;
      case GPU -> GPU;
      case AUTO -> ANY;
    };
  }
}
