package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DCGAN generator and discriminator equal their PyTorch transcription in {@code
 * src/test/python/reference_generators.py} (classes {@code DcganGenerator}, {@code
 * DcganDiscriminator}): trainable parameter counts, images in inference mode and in a training pass
 * (with the running statistics it leaves), and the discriminator's logits of those images with and
 * without batch norm, in both modes. Sizes that three halvings cannot reach are refused with the
 * sizes that work.
 */
class DcganReferenceOutputsTest {

  private static final PluginRegistry PLUGINS =
      PluginRegistry.discover(DcganReferenceOutputsTest.class.getClassLoader());

  private static long trainable(ai.djl.nn.Block block) {
    return block.getParameters().values().stream()
        .filter(Parameter::requiresGradient)
        .mapToLong(p -> p.getArray().size())
        .sum();
  }

  private static long expectedCount(String id, int width, int size) throws Exception {
    return Math.round(
        GeneratorReferenceOutputsTest.reference(id, width, size, "-").get("parameters").sum());
  }

  private static GeneratorNetwork generator(int width, int size) throws Exception {
    return Networks.createGenerator(
        PLUGINS,
        "dcgan-generator",
        OptionsMapper.mapper().readTree("{\"width\": " + width + "}"),
        new ImageShape(1, size, size));
  }

  private static Network discriminator(int width, boolean batchNorm, int size) throws Exception {
    return Networks.create(
        PLUGINS,
        "dcgan-discriminator",
        OptionsMapper.mapper()
            .readTree("{\"width\": " + width + ", \"batch-norm\": " + batchNorm + "}"),
        new ModelInput(1, size, size, 2));
  }

  @ParameterizedTest
  @CsvSource({"4, 32", "2, 24"})
  void generatorAndDiscriminatorMatchTheTranscription(int width, int size) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] z = new float[3 * 100];
      for (int k = 0; k < z.length; k++) {
        z[k] = (float) Math.sin(0.9 * k + 0.5);
      }
      NDArray evalImages = null;
      for (String mode : List.of("eval", "train")) {
        Map<String, ReferenceOutputsTest.Summary> expected =
            GeneratorReferenceOutputsTest.reference("dcgan-generator", width, size, mode);
        GeneratorNetwork generator = generator(width, size);
        Networks.initialize(generator, manager, 1);
        assertThat(trainable(generator.block()))
            .isEqualTo(expectedCount("dcgan-generator", width, size));
        GeneratorReferenceOutputsTest.fill(generator.block());
        NDArray images =
            TestNetworks.forward(
                    manager,
                    generator.block(),
                    manager.create(z, new Shape(3, 100)),
                    mode.equals("train"))
                .head();
        assertThat(images.getShape()).isEqualTo(new Shape(3, 1, size, size));
        ReferenceOutputsTest.assertMatches(
            "dcgan-generator " + mode + " images", images, expected.get("images"));
        if (mode.equals("eval")) {
          evalImages = images;
        } else {
          NDArray runningMean =
              generator.block().getParameters().values().stream()
                  .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN)
                  .findFirst()
                  .orElseThrow()
                  .getArray();
          ReferenceOutputsTest.assertMatches(
              "dcgan-generator first batch norm's running mean",
              runningMean,
              expected.get("norm0.running_mean"));
        }
      }
      for (boolean batchNorm : List.of(true, false)) {
        String row = batchNorm ? "dcgan-discriminator" : "dcgan-discriminator-no-bn";
        for (String mode : List.of("eval", "train")) {
          Network network = discriminator(width, batchNorm, size);
          Networks.initialize(network, manager, 1);
          assertThat(trainable(network.block())).as(row).isEqualTo(expectedCount(row, width, size));
          GeneratorReferenceOutputsTest.fill(network.block());
          NDArray logits =
              network.logits(
                  TestNetworks.forward(manager, network.block(), evalImages, mode.equals("train")));
          assertThat(logits.getShape()).isEqualTo(new Shape(3, 2));
          ReferenceOutputsTest.assertMatches(
              row + " " + mode + " logits",
              logits,
              GeneratorReferenceOutputsTest.reference(row, width, size, mode).get("logits"));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {28, 30})
  void sizesThatAreNotMultiplesOfEightAreRefused(int size) {
    assertThatThrownBy(() -> generator(4, size))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("generator 'dcgan-generator' upsamples three times by 2")
        .hasMessageContaining("multiples of 8 (e.g. 32x32, 64x64)")
        .hasMessageContaining("1x" + size + "x" + size);
    assertThatThrownBy(() -> discriminator(4, true, size))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("model 'dcgan-discriminator' halves the image three times")
        .hasMessageContaining("1x" + size + "x" + size);
  }
}
