package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.testkit.Closeness;
import dev.distillery.training.Networks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A distill stage that reads its teacher's outputs from a feature store ends with the weights and
 * epoch losses of the same stage running the teacher. Not bit for bit: the store was written in
 * batches of 50 and the live teacher runs batches of 32, and libtorch picks kernels by batch shape
 * and instruction set, so the teacher's outputs agree to float32 rounding only. Two epochs of SGD
 * carry that rounding into the student's weights, which are compared within {@link
 * Closeness#GOLDEN} (relative 1e-4); the epoch losses within {@link Closeness#SAME_MATH}.
 */
class CachedDistillSameWeightsTest {

  @Test
  void cachedAndComputedTeacherOutputsTrainTheSameStudent() throws Exception {
    FeatureCacheRuns.Run cached = FeatureCacheRuns.cache();
    FeatureCacheRuns.Run plain = FeatureCacheRuns.plain();
    assertThat(cached.teacherOutputs("kd-cached")).startsWith("cached");
    assertThat(plain.teacherOutputs("kd-cached")).startsWith("computed");

    float[] cachedWeights = studentWeights(cached);
    float[] plainWeights = studentWeights(plain);
    Closeness weights = Closeness.GOLDEN.compare(cachedWeights, plainWeights);
    System.out.printf("cached vs computed teacher, student weights: %s%n", weights);
    assertThat(weights.close()).as("student weights: " + weights).isTrue();

    double[] cachedLosses = epochLosses(cached);
    double[] plainLosses = epochLosses(plain);
    assertThat(cachedLosses).hasSize(2);
    assertThat(plainLosses).hasSize(2);
    for (int epoch = 0; epoch < 2; epoch++) {
      Closeness loss = Closeness.SAME_MATH.compare(cachedLosses[epoch], plainLosses[epoch]);
      assertThat(loss.close()).as("epoch " + (epoch + 1) + " loss: " + loss).isTrue();
    }
  }

  /** The trained student's parameters, all arrays concatenated in the block's order. */
  private static float[] studentWeights(FeatureCacheRuns.Run run) {
    Path file = run.directory().stageDirectory("kd-cached").resolve("student.params");
    PluginRegistry plugins =
        PluginRegistry.discover(CachedDistillSameWeightsTest.class.getClassLoader());
    try (NDManager manager = NDManager.newBaseManager()) {
      Network student =
          Networks.create(plugins, "lenet5-half", null, new ModelInput(1, 32, 32, 10));
      Networks.initialize(student, manager, 0);
      Networks.loadBlock(student.block(), manager, file);
      List<Float> values = new ArrayList<>();
      for (var parameter : student.block().getParameters().values()) {
        for (float value : parameter.getArray().toFloatArray()) {
          values.add(value);
        }
      }
      float[] result = new float[values.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = values.get(i);
      }
      return result;
    }
  }

  private static double[] epochLosses(FeatureCacheRuns.Run run) throws Exception {
    return Files.readAllLines(run.directory().metricsFile()).stream()
        .filter(l -> l.contains("\"event\":\"epoch\"") && l.contains("\"stage\":\"kd-cached\""))
        .mapToDouble(l -> Double.parseDouble(l.replaceAll(".*\"loss\":([-0-9.eE]+).*", "$1")))
        .toArray();
  }
}
