package dev.distillery.methods.dafl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.LambdaBlock;
import dev.distillery.methods.dfad.DfadOptions;
import dev.distillery.methods.dfad.DfadRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DAFL's activation loss reads the teacher's feature before its classifier: a teacher whose model
 * names none is refused with the model, its feature points and what to do; DFAD needs none.
 */
public class DaflNeedsClassifierInputTest {

  @Test
  void aTeacherWithoutAClassifierInputIsRefusedByDaflOnly() {
    Network teacher =
        new Network(
            "plain-net",
            new LambdaBlock(x -> x),
            new ModelInput(1, 4, 4, 5),
            List.of("block1", "block2"),
            0);
    Network student =
        new Network("student", new LambdaBlock(x -> x), new ModelInput(1, 4, 4, 5), List.of(), 0);
    GeneratorNetwork generator =
        new GeneratorNetwork("g", new LambdaBlock(x -> x), 1, new ImageShape(1, 4, 4), 0);
    try (NDManager manager = NDManager.newBaseManager()) {
      DataFreeSetup setup = new DataFreeSetup(teacher, student, generator, manager);
      assertThatThrownBy(
              () -> new DaflRecipePlugin().create(new DaflOptions(null, null, null, null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("recipe 'dafl' needs the teacher's feature before its classifier")
          .hasMessageContaining("model 'plain-net' does not name one")
          .hasMessageContaining("[block1, block2]")
          .hasMessageContaining("or a recipe that needs none (e.g. dfad)");
      assertThat(new DfadRecipePlugin().create(new DfadOptions(null, null, null, null), setup))
          .isNotNull();
      assertThat(
              new DaflRecipePlugin()
                  .create(
                      new DaflOptions(null, null, null, null),
                      new DataFreeSetup(
                          teacher.withClassifierInput("block2"), student, generator, manager)))
          .isNotNull();
    }
  }
}
