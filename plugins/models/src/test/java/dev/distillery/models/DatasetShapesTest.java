package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every zoo classifier takes its input channels, size and class count from the dataset: colour or
 * grey, square or not, few or many classes (an own image folder's shapes). LeNet-5 needs at least
 * 32x32 and says so for smaller images.
 */
class DatasetShapesTest {

  static final List<ModelInput> SHAPES =
      List.of(
          new ModelInput(3, 36, 44, 3),
          new ModelInput(3, 28, 28, 5),
          new ModelInput(1, 12, 20, 100));

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String id : TestNetworks.IDS) {
      for (ModelInput input : SHAPES) {
        out.add(Arguments.of(id, input));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void buildsForTheDatasetShape(String id, ModelInput input) {
    if (id.startsWith("lenet5") && (input.height() < 32 || input.width() < 32)) {
      assertThatThrownBy(() -> TestNetworks.create(id, input))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("at least 32x32")
          .hasMessageContaining(input.height() + "x" + input.width());
      return;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, input, manager, 3);
      NDList out =
          TestNetworks.forward(
              manager, network.block(), TestNetworks.randomBatch(manager, input, 2, 4), false);
      assertThat(network.logits(out).getShape()).isEqualTo(new Shape(2, input.classes()));
      assertThat(out.head().getShape().get(0)).isEqualTo(2);
    }
  }
}
