package dev.distillery.training.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.Golden;
import java.util.List;

/**
 * The golden regression problem: a DJL {@link Linear} block (4 -> 3) with PyTorch's initial
 * weights, fixed inputs and targets, mean squared error. Each {@link #backward} runs one forward
 * and backward pass in its own sub-manager, as the training loop does.
 */
final class LinearProblem implements AutoCloseable {

  final NDManager manager;
  final Linear block;
  final Parameter weight;
  final Parameter bias;
  private final float[] x;
  private final float[] target;
  private final int in;
  private final int out;
  private final int n;

  LinearProblem() {
    JsonNode golden = Golden.optim().get("linear");
    in = golden.get("in").asInt();
    out = golden.get("out").asInt();
    n = golden.get("n").asInt();
    x = Golden.floats(golden.get("x"));
    target = Golden.floats(golden.get("target"));
    manager = NDManager.newBaseManager();
    block = Linear.builder().setUnits(out).build();
    block.initialize(manager, DataType.FLOAT32, new Shape(n, in));
    weight = block.getParameters().get("weight");
    bias = block.getParameters().get("bias");
    weight.getArray().set(Golden.floats(golden.get("weight0")));
    bias.getArray().set(Golden.floats(golden.get("bias0")));
  }

  List<Parameter> parameters() {
    return List.of(weight, bias);
  }

  /** One forward/backward pass; gradients accumulate in the parameters. */
  void backward() {
    try (NDManager scope = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray input = scope.create(x, new Shape(n, in));
      NDArray expected = scope.create(target, new Shape(n, out));
      NDArray y =
          block
              .forward(new ParameterStore(scope, false), new NDList(input), true)
              .singletonOrThrow();
      NDArray loss = y.sub(expected).square().mean();
      collector.backward(loss);
    }
  }

  void steps(Optimizer optimizer, double... learningRates) {
    for (double lr : learningRates) {
      backward();
      optimizer.step(lr);
    }
  }

  float[] weightValues() {
    return weight.getArray().toFloatArray();
  }

  float[] biasValues() {
    return bias.getArray().toFloatArray();
  }

  @Override
  public void close() {
    manager.close();
  }
}
