package dev.distillery.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.distillery.pipeline.StageDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * A device pool a worker offers: {@code cpu} with as many slots as stages may train on the CPU at
 * once, or {@code gpuN} with one slot per CUDA device.
 *
 * @param name {@code cpu}, {@code gpu0}, {@code gpu1}, ...
 * @param kind {@link StageDevice#CPU} or {@link StageDevice#GPU}
 * @param slots how many slots it has
 */
public record DevicePool(String name, StageDevice kind, int slots) {

  public DevicePool {
    if (kind == StageDevice.ANY) {
      throw new IllegalArgumentException("a pool is a cpu or a gpu pool, not 'any'");
    }
    if (slots < 1) {
      throw new IllegalArgumentException("pool " + name + " needs at least one slot, got " + slots);
    }
  }

  /** The pools of this JVM: the CPU with {@code cpuSlots} slots and one pool per CUDA device. */
  public static List<DevicePool> ofThisMachine(int cpuSlots) {
    List<DevicePool> pools = new ArrayList<>();
    pools.add(new DevicePool("cpu", StageDevice.CPU, cpuSlots));
    int gpus = Engine.getInstance().getGpuCount();
    for (int gpu = 0; gpu < gpus; gpu++) {
      pools.add(new DevicePool("gpu" + gpu, StageDevice.GPU, 1));
    }
    return pools;
  }

  /** The DJL device a stage on this pool computes on. */
  public Device device() {
    return kind == StageDevice.CPU
        ? Device.cpu()
        : Device.gpu(Integer.parseInt(name.substring("gpu".length())));
  }

  /** True when a stage asking for {@code wanted} may run here. */
  public boolean serves(StageDevice wanted) {
    return wanted == StageDevice.ANY || wanted == kind;
  }
}
