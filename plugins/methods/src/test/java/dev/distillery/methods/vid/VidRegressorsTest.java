package dev.distillery.methods.vid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vid creates one trainable regressor per pair, sized from the feature points' channels (C_s → C_t
 * → C_t → C_t), in the setup's manager, with PyTorch's conv initialisation (±1/√fan-in) and the
 * predicted variance starting at init-pred-var on every channel; pairs it cannot align spatially
 * (flat vectors, sizes that do not divide) fail naming both points and shapes.
 */
public class VidRegressorsTest {

  private static final Network STUDENT =
      FeatureTestNetworks.withFeatures(
          "student",
          Map.of(
              "layer1", new Shape(4, 8, 8),
              "layer2", new Shape(8, 4, 4),
              "odd", new Shape(8, 3, 3),
              "pool", new Shape(8)));
  private static final Network TEACHER =
      FeatureTestNetworks.withFeatures(
          "teacher", Map.of("layer1", new Shape(16, 8, 8), "layer2", new Shape(32, 4, 4)));

  @Test
  void regressorsMatchTheChannels() {
    try (NDManager manager = NDManager.newBaseManager()) {
      VidLoss loss =
          (VidLoss)
              new VidMethod()
                  .create(
                      new VidOptions(List.of("layer1", "layer2"), List.of("layer2", "layer1"), 2.5),
                      new MethodSetup(TEACHER, STUDENT, manager));
      assertThat(loss.trainableBlocks()).containsExactlyElementsOf(loss.regressors());
      VidRegressor first = loss.regressors().get(0);
      NDArray conv1 = first.convWeights()[0].getArray();
      assertThat(conv1.getShape()).isEqualTo(new Shape(32, 4, 1, 1));
      assertThat(first.convWeights()[2].getArray().getShape()).isEqualTo(new Shape(32, 32, 1, 1));
      assertThat(loss.regressors().get(1).convWeights()[0].getArray().getShape())
          .isEqualTo(new Shape(16, 8, 1, 1));
      assertThat(conv1.getManager()).isSameAs(manager);
      assertThat(conv1.abs().max().getFloat()).isBetween(0.3f, 0.5f);
      try (NDManager scope = manager.newSubManager()) {
        NDList out =
            first.forward(
                new ParameterStore(scope, false),
                new NDList(scope.ones(new Shape(2, 4, 8, 8))),
                false);
        assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 32, 8, 8));
        float[] variance = out.get(1).toFloatArray();
        assertThat(variance).hasSize(32);
        for (float v : variance) {
          assertThat(v).isCloseTo(2.5f, org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
    }
  }

  @Test
  void rejectsPairsItCannotAlign() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(TEACHER, STUDENT, manager);
      assertThatThrownBy(
              () ->
                  new VidMethod()
                      .create(new VidOptions(List.of("odd"), List.of("layer1"), null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("vid pairs student feature 'odd' of shape (8, 3, 3)")
          .hasMessageContaining("teacher feature 'layer1' of shape (16, 8, 8)");
      assertThatThrownBy(
              () ->
                  new VidMethod()
                      .create(new VidOptions(List.of("pool"), List.of("layer2"), null), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'pool' of shape (8)");
      assertThatThrownBy(() -> new VidMethod().create(VidOptions.defaults(), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("has no feature point 'layer3'");
    }
  }
}
