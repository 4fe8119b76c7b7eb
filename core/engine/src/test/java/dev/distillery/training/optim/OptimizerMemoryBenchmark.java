package dev.distillery.training.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark, not a test: trains a two-layer MLP (784-512-10, about 0.4M parameters) with our SGD
 * and Adam, and as a control runs the same loop with only {@code zeroGradients()} ("none"); prints
 * resident memory, milliseconds per optimizer call and array counts every 500 steps. Run from the
 * repository root after {@code mvn -o -pl core test-compile}:
 *
 * <pre>
 * java -Dai.djl.offline=true -cp core/target/test-classes:core/target/classes:$(cat cp.txt) \
 *     dev.distillery.training.optim.OptimizerMemoryBenchmark [steps] [none,sgd,adam]
 * </pre>
 */
public final class OptimizerMemoryBenchmark {

  private OptimizerMemoryBenchmark() {}

  public static void main(String[] args) throws IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    List<String> kinds =
        args.length > 1 ? List.of(args[1].split(",")) : List.of("none", "sgd", "adam");
    for (String kind : kinds) {
      try (NDManager manager = NDManager.newBaseManager()) {
        SequentialBlock block =
            new SequentialBlock()
                .add(Linear.builder().setUnits(512).build())
                .add(ai.djl.nn.Activation::relu)
                .add(Linear.builder().setUnits(10).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(128, 784));
        List<Parameter> parameters = new ArrayList<>();
        block.getParameters().values().forEach(parameters::add);
        Optimizer optimizer =
            kind.equals("adam")
                ? OptimizerOptions.Adam.defaults().create(parameters)
                : OptimizerOptions.Sgd.defaults().create(parameters);
        long optimizerNanos = 0;
        for (int step = 1; step <= steps; step++) {
          try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(128, 784));
            NDArray labels = scope.randomInteger(0, 10, new Shape(128), DataType.INT64);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              NDArray logits =
                  block
                      .forward(new ParameterStore(scope, false), new NDList(x), true)
                      .singletonOrThrow();
              collector.backward(dev.distillery.training.CrossEntropyLoss.compute(logits, labels));
            }
            long started = System.nanoTime();
            if (kind.equals("none")) {
              optimizer.zeroGradients(); // control: the same loop without parameter updates
            } else {
              optimizer.step(0.01);
            }
            optimizerNanos += System.nanoTime() - started;
          }
          if (step % 500 == 0 || step == 1) {
            System.out.printf(
                "%s step %5d: rss %6.1f MB, optimizer step %.3f ms (mean so far), arrays: model %d,"
                    + " optimizer %d%n",
                kind,
                step,
                residentBytes() / 1e6,
                optimizerNanos / 1e6 / step,
                manager.getManagedArrays().size(),
                ((StatefulOptimizer) optimizer).manager().getManagedArrays().size());
          }
        }
        optimizer.close();
      }
    }
  }

  private static long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
