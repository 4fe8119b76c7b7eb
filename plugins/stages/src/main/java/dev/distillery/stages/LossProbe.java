package dev.distillery.stages;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.TrainingStep;
import dev.distillery.spi.UserException;
import dev.distillery.training.LossContract;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The batch a {@code distill} stage's losses are computed on once before the run: the first {@value
 * #IMAGES} training images through the preflight's teacher (inference mode, outputs detached) and
 * student (training mode, as in the first training step), or seeded random images of the dataset's
 * shape when the checker does not know the data. Each loss is held to {@link DistillationLoss}'s
 * contract ({@link LossContract}) with the messages training would give.
 */
final class LossProbe {

  /** Images of the probe batch: enough for batch statistics, few enough to take milliseconds. */
  static final int IMAGES = 4;

  private static final long SEED = 20_261_207L;

  private final DistillationBatch batch;
  private final String description;

  private LossProbe(DistillationBatch batch, String description) {
    this.batch = batch;
    this.description = description;
  }

  /** Runs teacher and student on the probe images; arrays live in {@code manager}. */
  static LossProbe of(
      Preflight preflight, int epochs, Network teacher, Network student, NDManager manager) {
    ModelInput input = preflight.input();
    Optional<ImageSplit> real = preflight.probeImages(IMAGES).filter(split -> split.count() >= 2);
    NDArray images;
    int[] labels;
    int[] indices;
    String description;
    if (real.isPresent()) {
      ImageSplit split = real.get();
      int count = split.count();
      images = manager.create(split.copyImages(0, count), input.batchShape(count));
      labels = split.labels().clone();
      indices = java.util.stream.IntStream.range(0, count).toArray();
      description = "a probe batch of the first " + count + " training images";
    } else {
      SplittableRandom random = new SplittableRandom(SEED);
      float[] pixels = new float[Math.toIntExact(input.batchShape(IMAGES).size())];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextGaussian();
      }
      images = manager.create(pixels, input.batchShape(IMAGES));
      int[] known = preflight.trainingLabels();
      labels = new int[IMAGES];
      indices = new int[IMAGES];
      for (int i = 0; i < IMAGES; i++) {
        labels[i] = i < known.length ? known[i] : i % input.classes();
        indices[i] = i < known.length ? i : -1;
      }
      description = "a probe batch of " + IMAGES + " random images";
    }
    ParameterStore parameters = new ParameterStore(manager, false);
    NDList teacherOutputs = new NDList();
    for (NDArray output : teacher.block().forward(parameters, new NDList(images), false)) {
      teacherOutputs.add(output.stopGradient());
    }
    NDList studentOutputs = student.block().forward(parameters, new NDList(images), true);
    DistillationBatch batch =
        new DistillationBatch(
            student,
            studentOutputs,
            teacher,
            teacherOutputs,
            manager.create(labels),
            true,
            new TrainingStep(0, epochs, indices));
    return new LossProbe(batch, description);
  }

  /**
   * Computes {@code loss} once and returns what is wrong with it, starting with {@code source};
   * empty when it is a finite float32 scalar or says it cannot be computed before the run ({@link
   * DistillationLoss#notProbedBecause()}).
   */
  Optional<String> check(DistillationLoss loss, String source) {
    if (loss.notProbedBecause().isPresent()) {
      return Optional.empty();
    }
    try {
      NDArray value = LossContract.scalar(loss.compute(batch), source);
      LossContract.finite(value, source, description);
      return Optional.empty();
    } catch (UserException e) {
      return Optional.of(e.getMessage());
    } catch (RuntimeException e) {
      // a method that fails here fails on the first training batch too
      return Optional.of(
          source
              + " failed on "
              + description
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }
}
