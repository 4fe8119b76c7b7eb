package dev.distillery.pipeline;

import java.util.Objects;

/**
 * Where a stage may run: the kind of device and how many of a worker's slots of that device it
 * occupies while it runs ({@code device:} and {@code slots:} of a stage). Placement is not part of
 * the stage key: the same stage placed elsewhere computes the same thing.
 *
 * @param device the kind of device
 * @param slots slots it takes on the device pool it is placed on (at least 1)
 */
public record StagePlacement(StageDevice device, int slots) {

  /** The most slots one stage may ask for. */
  public static final int MAX_SLOTS = 64;

  public StagePlacement {
    Objects.requireNonNull(device, "device is null");
    if (slots < 1 || slots > MAX_SLOTS) {
      throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ", got " + slots);
    }
  }

  /** What the stage asks for, e.g. {@code 2 gpu slots}. */
  public String describe() {
    return slots + " " + device.id() + (slots == 1 ? " slot" : " slots");
  }
}
