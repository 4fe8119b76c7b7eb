package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generators' trainable parameters equal {@code sum(p.numel() for p in model.parameters())} of
 * the references (printed by reference_generators.py's classes: DAFL's Generator and DFAD's
 * GeneratorA at width 64 both 1,049,985; GeneratorA at width 16 221,025; DAFL's at width 32
 * 469,697), the MACs are counted layer by layer, and a size that is not a multiple of 4 is refused
 * with the sizes that work.
 */
class GeneratorFiguresTest {

  private static final PluginRegistry PLUGINS =
      PluginRegistry.discover(GeneratorFiguresTest.class.getClassLoader());

  private static GeneratorNetwork create(String id, int width, ImageShape image) throws Exception {
    return Networks.createGenerator(
        PLUGINS,
        id,
        dev.distillery.options.OptionsMapper.mapper().readTree("{\"width\": " + width + "}"),
        image);
  }

  @ParameterizedTest
  @CsvSource({
    "dafl-generator, 64, 1049985",
    "dfad-generator, 64, 1049985",
    "dfad-generator, 16, 221025",
    "dafl-generator, 32, 469697"
  })
  void parametersAndMacsAreTheReferences(String id, int width, long parameters) throws Exception {
    GeneratorNetwork generator = create(id, width, new ImageShape(1, 32, 32));
    try (NDManager manager = NDManager.newBaseManager()) {
      Networks.initialize(generator, manager, 1);
      long trainable =
          generator.block().getParameters().values().stream()
              .filter(Parameter::requiresGradient)
              .mapToLong(p -> p.getArray().size())
              .sum();
      assertThat(trainable).isEqualTo(parameters);
    }
    long w = width;
    long macs =
        100 * 2 * w * 8 * 8 // linear to 2w x 8 x 8
            + 2 * w * 16 * 16 * 2 * w * 9 // conv 2w -> 2w at 16x16
            + w * 32 * 32 * 2 * w * 9 // conv 2w -> w at 32x32
            + 32 * 32 * w * 9; // conv w -> 1
    assertThat(generator.multiplyAccumulates()).isEqualTo(macs);
    assertThat(generator.latentSize()).isEqualTo(100);
  }

  @ParameterizedTest
  @CsvSource({"30", "33"})
  void sizesThatAreNotMultiplesOfFourAreRefused(int size) {
    assertThatThrownBy(() -> create("dafl-generator", 8, new ImageShape(1, size, size)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("generator 'dafl-generator' upsamples twice by 2")
        .hasMessageContaining("multiples of 4 (e.g. 28x28, 32x32, 64x64)")
        .hasMessageContaining("1x" + size + "x" + size);
  }
}
