package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.training.Networks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With the same parameters and latent vectors, the generators make the images of DAFL's {@code
 * Generator} and DFAD's {@code GeneratorA}, in inference mode and in a training-mode pass (batch
 * statistics, and the running statistics it leaves). Parameters and latents come from a formula
 * shared with {@code src/test/python/reference_generators.py}, which wrote {@code
 * reference-generators.csv}.
 */
class GeneratorReferenceOutputsTest {

  static Map<String, ReferenceOutputsTest.Summary> reference(
      String generator, int width, int size, String mode) throws IOException {
    Map<String, ReferenceOutputsTest.Summary> rows = new LinkedHashMap<>();
    try (InputStream in =
        GeneratorReferenceOutputsTest.class.getResourceAsStream("/reference-generators.csv")) {
      for (String line :
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
        String[] f = line.split(",");
        if (f[0].equals(generator)
            && Integer.parseInt(f[1]) == width
            && Integer.parseInt(f[2]) == size
            && f[3].equals(mode)) {
          rows.put(f[4], ReferenceOutputsTest.Summary.parse(f[5], f[6], f[7]));
        }
      }
    }
    assertThat(rows)
        .as("reference rows of %s width %d size %d", generator, width, size)
        .isNotEmpty();
    return rows;
  }

  /**
   * reference_generators.py's formula, tensor by tensor in state_dict order; the scale and shift of
   * a batch norm without affine parameters (fixed at 1 and 0, not trained) are not tensors there.
   */
  static void fill(ai.djl.nn.Block block) {
    int j = 0;
    for (Parameter parameter : block.getParameters().values()) {
      boolean affine =
          parameter.getType() == Parameter.Type.GAMMA || parameter.getType() == Parameter.Type.BETA;
      if (affine && !parameter.requiresGradient()) {
        continue;
      }
      NDArray array = parameter.getArray();
      Shape shape = array.getShape();
      int n = Math.toIntExact(shape.size());
      float[] values = new float[n];
      for (int k = 0; k < n; k++) {
        double s = Math.sin(1.7 * k + 0.3 * j + 1);
        values[k] =
            (float)
                switch (parameter.getType()) {
                  case WEIGHT -> s / Math.sqrt((double) n / shape.get(0));
                  case GAMMA -> 1 + 0.1 * s;
                  case RUNNING_VAR -> 0.75 + 0.25 * s;
                  default -> 0.1 * s;
                };
      }
      array.set(values);
      j++;
    }
  }

  @ParameterizedTest
  @CsvSource({"dafl-generator, 8, 32", "dfad-generator, 8, 32", "dfad-generator, 4, 28"})
  void imagesAndRunningStatisticsMatchTheReference(String id, int width, int size)
      throws Exception {
    for (String mode : List.of("eval", "train")) {
      Map<String, ReferenceOutputsTest.Summary> expected = reference(id, width, size, mode);
      try (NDManager manager = NDManager.newBaseManager()) {
        GeneratorNetwork generator =
            Networks.createGenerator(
                dev.distillery.plugin.PluginRegistry.discover(
                    GeneratorReferenceOutputsTest.class.getClassLoader()),
                id,
                dev.distillery.options.OptionsMapper.mapper()
                    .readTree("{\"width\": " + width + "}"),
                new ImageShape(1, size, size));
        Networks.initialize(generator, manager, 1);
        fill(generator.block());
        float[] z = new float[3 * 100];
        for (int k = 0; k < z.length; k++) {
          z[k] = (float) Math.sin(0.9 * k + 0.5);
        }
        NDArray images =
            TestNetworks.forward(
                    manager,
                    generator.block(),
                    manager.create(z, new Shape(3, 100)),
                    mode.equals("train"))
                .head();
        assertThat(images.getShape()).isEqualTo(new Shape(3, 1, size, size));
        ReferenceOutputsTest.assertMatches(
            id + " " + mode + " images", images, expected.get("images"));
        if (mode.equals("train")) {
          NDArray runningMean =
              generator.block().getParameters().values().stream()
                  .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN)
                  .findFirst()
                  .orElseThrow()
                  .getArray();
          ReferenceOutputsTest.assertMatches(
              id + " first batch norm's running mean",
              runningMean,
              expected.get("norm0.running_mean"));
        }
      }
    }
  }
}
