package dev.distillery.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.distillery.pipeline.DeviceChoice;
import dev.distillery.spi.UserException;

/**
 * Turns the pipeline's {@code device:} into a DJL device and the worker pool that drives it: the
 * CPU pool {@code cpu}, or {@code gpu0} for the first CUDA device.
 *
 * @param device the DJL device
 * @param pool the worker pool name
 * @param note what was chosen and why, for the log
 */
public record DeviceSelection(Device device, String pool, String note) {

  public static DeviceSelection choose(DeviceChoice choice) {
    int gpus = Engine.getInstance().getGpuCount();
    DeviceSelection selection =
        switch (choice) {
          case CPU -> new DeviceSelection(Device.cpu(), "cpu", "device: cpu");
          case GPU -> {
            if (gpus == 0) {
              throw new UserException(
                  "device: gpu was asked for, but the PyTorch engine sees no CUDA device"
                      + " (engine "
                      + Engine.getInstance().getEngineName()
                      + " "
                      + Engine.getInstance().getVersion()
                      + " with CPU natives). Build with the CUDA natives (`mvn -Pcuda package`,"
                      + " or DISTILLERY_CUDA=1 ./distillery ...) on a machine with an NVIDIA"
                      + " driver, or set `device: auto` or `device: cpu` in the pipeline file");
            }
            yield new DeviceSelection(Device.gpu(0), "gpu0", "device: gpu (CUDA device 0)");
          }
          case AUTO ->
              gpus > 0
                  ? new DeviceSelection(Device.gpu(0), "gpu0", "device: auto chose CUDA device 0")
                  : new DeviceSelection(
                      Device.cpu(), "cpu", "device: auto found no GPU, running on the CPU");
        };
    return selection;
  }
}
