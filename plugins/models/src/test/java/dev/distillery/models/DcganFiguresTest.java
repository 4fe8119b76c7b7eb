package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.training.Networks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's DCGAN figures are the code's: trainable parameters (90w² + 6,490w + 1 for the
 * generator at latent 100) and MACs per 1×32×32 image, and the width-16 discriminator's parameters.
 */
class DcganFiguresTest {

  private static final PluginRegistry PLUGINS =
      PluginRegistry.discover(DcganFiguresTest.class.getClassLoader());

  private static long trainable(ai.djl.nn.Block block) {
    return block.getParameters().values().stream()
        .filter(Parameter::requiresGradient)
        .mapToLong(p -> p.getArray().size())
        .sum();
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 16, 4, 2, 1})
  void generatorRowsOfTheReadmeAreTheCodes(int width) throws Exception {
    GeneratorNetwork generator =
        Networks.createGenerator(
            PLUGINS,
            "dcgan-generator",
            OptionsMapper.mapper().readTree("{\"width\": " + width + "}"),
            new ImageShape(1, 32, 32));
    try (NDManager manager = NDManager.newBaseManager()) {
      Networks.initialize(generator, manager, 1);
      long parameters = trainable(generator.block());
      assertThat(parameters).isEqualTo(90L * width * width + 6490L * width + 1);
      String row =
          String.format(
              Locale.ROOT,
              "| | %d | %,d | %,d |",
              width,
              parameters,
              generator.multiplyAccumulates());
      assertThat(readme()).as("README row").contains(row);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {16})
  void discriminatorFigureOfTheReadmeIsTheCodes(int width) throws Exception {
    Network discriminator =
        Networks.create(
            PLUGINS,
            "dcgan-discriminator",
            OptionsMapper.mapper().readTree("{\"width\": " + width + "}"),
            new ModelInput(1, 32, 32, 2));
    try (NDManager manager = NDManager.newBaseManager()) {
      Networks.initialize(discriminator, manager, 1);
      assertThat(readme())
          .contains(
              String.format(
                  Locale.ROOT,
                  "Width %d on 1×32×32: %,d parameters",
                  width,
                  trainable(discriminator.block())));
    }
  }

  private static String readme() throws Exception {
    return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
  }
}
