package dev.distillery.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.util.List;
import java.util.function.Function;

/** Linear student and teacher on 4x4 images of 10 classes, for tests of the distill objective. */
final class TinyDistillation {

  static final ModelInput INPUT = new ModelInput(1, 4, 4, 10);

  private TinyDistillation() {}

  /** A flatten-then-linear network, initialised from {@code seed}. */
  static Network network(String architecture, NDManager manager, long seed) {
    SequentialBlock block =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(10).build());
    Network network = new Network(architecture, block, INPUT, List.of(), 0);
    Networks.initialize(network, manager, seed);
    return network;
  }

  /** The objective of stage {@code stage} with the one loss {@code losses[0] (uses: id)}. */
  static DistillationObjective objective(
      String stage,
      String id,
      Function<DistillationBatch, NDArray> compute,
      Network student,
      Network teacher,
      NDManager manager) {
    DistillationLoss loss =
        new DistillationLoss() {
          @Override
          public String name() {
            return id;
          }

          @Override
          public NDArray compute(DistillationBatch batch) {
            return compute.apply(batch);
          }
        };
    return new DistillationObjective(
        stage,
        student,
        teacher,
        0.1,
        List.of(new DistillationObjective.WeightedLoss(loss, 0.9, "losses[0] (uses: " + id + ")")),
        manager);
  }

  /** Seeded images of {@link #INPUT}'s shape. */
  static NDArray images(NDManager manager, int count, int seed) {
    float[] values = new float[count * 16];
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, new Shape(count, 1, 4, 4));
  }

  static NDArray labels(NDManager manager, int count) {
    int[] labels = new int[count];
    java.util.Arrays.setAll(labels, i -> i % 10);
    return manager.create(labels);
  }
}
