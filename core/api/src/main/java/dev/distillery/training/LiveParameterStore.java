package dev.distillery.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A {@link ParameterStore} that always hands out the parameter's current array. DJL's store keeps
 * the array it first handed out for each parameter, and loading a checkpoint replaces the arrays
 * ({@code Block.loadParameters}): a store kept across a restore (a resumed stage, a collapse sent
 * back to a healthy checkpoint) would go on computing with the arrays from before, which no
 * optimizer updates any more. Use this one for every store that outlives a possible restore.
 * Single-device only, as Distillery's stages are.
 */
public final class LiveParameterStore extends ParameterStore {

  public LiveParameterStore(NDManager manager) {
    super(manager, false);
  }

  @Override
  public NDArray getValue(Parameter parameter, Device device, boolean training) {
    if (parameter == null) {
      return null;
    }
    NDArray array = parameter.getArray();
    if (!array.getDevice().equals(device)) {
      throw new IllegalStateException(
          "parameter "
              + parameter.getName()
              + " is on "
              + array.getDevice()
              + ", asked for on "
              + device
              + ": a live store serves one device");
    }
    return array;
  }
}
