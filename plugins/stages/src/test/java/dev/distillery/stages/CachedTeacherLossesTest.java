package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.features.FeatureStore;
import dev.distillery.features.FeatureStoreKey;
import dev.distillery.features.FeatureStoreWriter;
import dev.distillery.features.TeacherOutputCache;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.TrainingStep;
import dev.distillery.testkit.Closeness;
import dev.distillery.training.DistillationObjective;
import dev.distillery.training.Networks;
import dev.distillery.training.TrainingObjective;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distillation objective that reads the teacher's logits and feature maps from a feature store
 * (written in batches of another size and order, as extract-features does) gives the same losses
 * and the same student gradients as one that runs the teacher, within {@link Closeness#SAME_MATH}:
 * the stored outputs come from batches of 20 and the live teacher sees batches of 8 and 10, and
 * libtorch picks kernels by batch shape and instruction set, so the two agree to float32 rounding
 * everywhere but bit for bit only on some CPUs (the KD term differed in the 6th digit on an AVX-512
 * EPYC).
 */
class CachedTeacherLossesTest {

  private static final int IMAGES = 48;

  @Test
  void cachedTeacherOutputsGiveTheSameLossesAndGradients(@TempDir Path directory) throws Exception {
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    ModelInput input = new ModelInput(1, 32, 32, 10);
    SplittableRandom random = new SplittableRandom(3);
    float[] pixels = new float[IMAGES * 32 * 32];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    int[] labels = random.ints(IMAGES, 0, 10).toArray();
    try (NDManager manager = NDManager.newBaseManager()) {
      Network teacher = Networks.create(plugins, "lenet5", null, input);
      Networks.initialize(teacher, manager, 1);
      teacher.block().freezeParameters(true);
      Network student = Networks.create(plugins, "lenet5-half", null, input);
      Networks.initialize(student, manager, 2);
      FeatureStore store = writeStore(directory, teacher, pixels, manager);

      List<DistillationObjective.WeightedLoss> losses = new ArrayList<>();
      losses.add(weighted(plugins, "kd", null, 0.9, teacher, student, manager));
      losses.add(
          weighted(
              plugins,
              "at",
              OptionsMapper.mapper()
                  .readTree(
                      "{\"student-features\": [\"conv2\"], \"teacher-features\": [\"conv2\"]}"),
              100.0,
              teacher,
              student,
              manager));
      DistillationObjective computed =
          new DistillationObjective(student, teacher, 0.1, losses, manager);
      TeacherOutputCache cache = new TeacherOutputCache(store, "features", teacher);
      DistillationObjective cached =
          new DistillationObjective(student, teacher, 0.1, losses, manager).useTeacherCache(cache);

      int[][] batches = {{5, 40, 12, 0, 33, 7, 21, 47}, {46, 2, 19, 31, 8, 11, 25, 38, 44, 1}};
      for (int[] indices : batches) {
        Map<String, Float> a = new LinkedHashMap<>();
        Map<String, Float> b = new LinkedHashMap<>();
        float[] gradientsA = step(computed, indices, pixels, labels, manager, student, a);
        float[] gradientsB = step(cached, indices, pixels, labels, manager, student, b);
        assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
        List<String> problems = new ArrayList<>();
        a.forEach(
            (name, value) -> {
              Closeness closeness = Closeness.SAME_MATH.compare(b.get(name), value);
              System.out.printf("cached vs computed loss %-6s %s%n", name, closeness);
              if (!closeness.close()) {
                problems.add("loss " + name + ": " + closeness);
              }
            });
        Closeness gradients = Closeness.SAME_MATH.compare(gradientsB, gradientsA);
        System.out.printf("cached vs computed student gradients %s%n", gradients);
        if (!gradients.close()) {
          problems.add("student gradients: " + gradients);
        }
        assertThat(problems).as("within " + Closeness.SAME_MATH).isEmpty();
      }
      assertThat(cache.cachedBatches()).isEqualTo(2);
      assertThat(cache.computedBatches()).isZero();
      assertThat(cache.status()).isEqualTo("cached (stage features)");
    }
  }

  /** Logits and conv2 of every image, in batches of 20 in split order. */
  private static FeatureStore writeStore(
      Path directory, Network teacher, float[] pixels, NDManager manager) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put(FeatureStore.LOGITS, new int[] {10});
    shapes.put("conv2", new int[] {16, 10, 10});
    FeatureStoreKey key = new FeatureStoreKey("m", "d", "train", FeatureStoreKey.UNAUGMENTED);
    try (FeatureStoreWriter writer =
        FeatureStoreWriter.create(directory.resolve("store"), key, IMAGES, shapes, null)) {
      ParameterStore parameters = new ParameterStore(manager, false);
      for (int from = 0; from < IMAGES; from += 20) {
        int to = Math.min(from + 20, IMAGES);
        try (NDManager scope = manager.newSubManager()) {
          NDArray images =
              scope.create(
                  FloatBuffer.wrap(pixels, from * 1024, (to - from) * 1024),
                  new Shape(to - from, 1, 32, 32));
          NDList outputs = teacher.block().forward(parameters, new NDList(images), false);
          writer.append(
              to - from,
              Map.of(
                  FeatureStore.LOGITS,
                  teacher.logits(outputs).toFloatArray(),
                  "conv2",
                  teacher.feature(outputs, "conv2").toFloatArray()));
        }
      }
      return writer.finish();
    }
  }

  /** One loss evaluation and backward pass; returns the student's gradients, fills the losses. */
  private static float[] step(
      DistillationObjective objective,
      int[] indices,
      float[] pixels,
      int[] labels,
      NDManager manager,
      Network student,
      Map<String, Float> values) {
    try (NDManager scope = manager.newSubManager()) {
      float[] batch = new float[indices.length * 1024];
      int[] batchLabels = new int[indices.length];
      for (int i = 0; i < indices.length; i++) {
        System.arraycopy(pixels, indices[i] * 1024, batch, i * 1024, 1024);
        batchLabels[i] = labels[indices[i]];
      }
      NDArray images = scope.create(batch, new Shape(indices.length, 1, 32, 32));
      NDArray labelArray = scope.create(batchLabels);
      List<Float> gradients = new ArrayList<>();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        TrainingObjective.Losses losses =
            objective.losses(images, labelArray, true, new TrainingStep(0, 1, indices));
        values.put("total", losses.total().getFloat());
        losses.components().forEach((name, value) -> values.put(name, value.getFloat()));
        collector.backward(losses.total());
      }
      for (var parameter : student.block().getParameters().values()) {
        NDArray gradient = parameter.getArray().getGradient();
        for (float g : gradient.toFloatArray()) {
          gradients.add(g);
        }
        gradient.subi(gradient); // gradients accumulate: zero them for the next pass
      }
      float[] result = new float[gradients.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = gradients.get(i);
      }
      return result;
    }
  }

  @SuppressWarnings("unchecked")
  private static DistillationObjective.WeightedLoss weighted(
      PluginRegistry plugins,
      String id,
      JsonNode options,
      double weight,
      Network teacher,
      Network student,
      NDManager manager)
      throws Exception {
    MethodPlugin<Object> method =
        (MethodPlugin<Object>) plugins.require(PluginRegistry.Kind.METHOD, id);
    DistillationLoss loss =
        method.create(
            OptionsMapper.bind(options, method.optionsType()),
            new MethodSetup(teacher, student, manager));
    return new DistillationObjective.WeightedLoss(loss, weight);
  }
}
