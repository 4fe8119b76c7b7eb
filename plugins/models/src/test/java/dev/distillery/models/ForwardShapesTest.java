package dev.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** A forward pass returns the feature points and the logits, with the declared shapes. */
class ForwardShapesTest {

  static final List<String> IDS = TestNetworks.IDS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("IDS")
  void returnsFeaturePointsThenLogits(String id) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized(id, TestNetworks.GRAY_32, manager, 5);
      NDList out =
          TestNetworks.forward(
              manager,
              network.block(),
              TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 6),
              true);

      assertThat(out).hasSize(network.featurePoints().size() + 1);
      assertThat(network.logits(out).getShape()).isEqualTo(new Shape(2, 10));
      Shape[] declared = network.block().getOutputShapes(new Shape[] {new Shape(2, 1, 32, 32)});
      assertThat(out.getShapes()).containsExactly(declared);
      for (String name : network.featurePoints()) {
        if (name.endsWith(".pre")) {
          String post = name.substring(0, name.length() - ".pre".length());
          assertThat(network.feature(out, name).getShape())
              .as("%s has the shape of %s", name, post)
              .isEqualTo(network.feature(out, post).getShape());
        }
      }
    }
  }

  @Test
  void resnet20FeatureShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network = TestNetworks.initialized("resnet20", TestNetworks.GRAY_32, manager, 5);
      NDList out =
          TestNetworks.forward(
              manager,
              network.block(),
              TestNetworks.randomBatch(manager, TestNetworks.GRAY_32, 2, 6),
              false);
      assertThat(network.feature(out, "stem").getShape()).isEqualTo(new Shape(2, 16, 32, 32));
      assertThat(network.feature(out, "layer1").getShape()).isEqualTo(new Shape(2, 16, 32, 32));
      assertThat(network.feature(out, "layer2").getShape()).isEqualTo(new Shape(2, 32, 16, 16));
      assertThat(network.feature(out, "layer3").getShape()).isEqualTo(new Shape(2, 64, 8, 8));
      assertThat(network.feature(out, "pool").getShape()).isEqualTo(new Shape(2, 64));
      assertThat(network.logits(out).getShape()).isEqualTo(new Shape(2, 10));
    }
  }
}
