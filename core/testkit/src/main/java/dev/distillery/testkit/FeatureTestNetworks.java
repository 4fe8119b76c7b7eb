package dev.distillery.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in networks with named feature points of given per-image shapes, for feature methods: the
 * block's forward pass (which {@code MethodSetup} runs to probe shapes) returns zeros of those
 * shapes and 10 logits; tests feed the losses with given feature tensors instead.
 */
public final class FeatureTestNetworks {

  static final int CLASSES = 10;

  private FeatureTestNetworks() {}

  /** A network whose feature points have the given per-image shapes, in the map's order. */
  public static Network withFeatures(String architecture, Map<String, Shape> pointShapes) {
    Map<String, Shape> shapes = new LinkedHashMap<>(pointShapes);
    LambdaBlock block =
        new LambdaBlock(
            inputs -> {
              NDArray input = inputs.head();
              NDManager manager = input.getManager();
              long batchSize = input.getShape().get(0);
              NDList outputs = new NDList();
              for (Shape shape : shapes.values()) {
                outputs.add(manager.zeros(withBatch(batchSize, shape)));
              }
              outputs.add(manager.zeros(new Shape(batchSize, CLASSES)));
              return outputs;
            });
    return new Network(
        architecture, block, new ModelInput(3, 8, 8, CLASSES), List.copyOf(shapes.keySet()), 0);
  }

  /** A network whose feature points have the per-image shapes of the given batch tensors. */
  public static Network of(String architecture, Map<String, NDArray> features) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    features.forEach((name, array) -> shapes.put(name, array.getShape().slice(1)));
    return withFeatures(architecture, shapes);
  }

  /**
   * A training batch whose outputs are the given features (in each network's feature point order)
   * followed by zero logits.
   */
  public static DistillationBatch batch(
      Network student,
      Map<String, NDArray> studentFeatures,
      Network teacher,
      Map<String, NDArray> teacherFeatures) {
    NDArray any = studentFeatures.values().iterator().next();
    long batchSize = any.getShape().get(0);
    NDManager manager = any.getManager();
    return new DistillationBatch(
        student,
        outputs(student, studentFeatures, manager, batchSize),
        teacher,
        outputs(teacher, teacherFeatures, manager, batchSize),
        manager.zeros(new Shape(batchSize), DataType.INT32),
        true,
        TrainingStep.none((int) batchSize));
  }

  private static NDList outputs(
      Network network, Map<String, NDArray> features, NDManager manager, long batchSize) {
    List<NDArray> outputs = new ArrayList<>();
    for (String point : network.featurePoints()) {
      outputs.add(features.get(point));
    }
    outputs.add(manager.zeros(new Shape(batchSize, CLASSES)));
    return new NDList(outputs);
  }

  private static Shape withBatch(long batchSize, Shape perImage) {
    long[] dims = new long[perImage.dimension() + 1];
    dims[0] = batchSize;
    System.arraycopy(perImage.getShape(), 0, dims, 1, perImage.dimension());
    return new Shape(dims);
  }
}
