package dev.distillery.methods.mgd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mgd refuses, naming both feature points and shapes, pairs it cannot match: flat vectors,
 * different map sizes, fewer teacher than student channels; an unknown point lists the model's.
 */
public class MgdShapeMismatchTest {

  private static void create(
      String studentPoint, Shape student, String teacherPoint, Shape teacher) {
    try (NDManager manager = NDManager.newBaseManager()) {
      new MgdMethod()
          .create(
              new MgdOptions(List.of(studentPoint), List.of(teacherPoint), null, null, null, null),
              new MethodSetup(
                  FeatureTestNetworks.withFeatures("teacher", Map.of(teacherPoint, teacher)),
                  FeatureTestNetworks.withFeatures("student", Map.of(studentPoint, student)),
                  manager));
    }
  }

  @Test
  void refusesPairsItCannotMatch() {
    assertThatThrownBy(() -> create("pool", new Shape(16), "pool", new Shape(64)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("student feature 'pool' of shape (16)")
        .hasMessageContaining("teacher feature 'pool' of shape (64)")
        .hasMessageContaining("(channels, height, width)");
    assertThatThrownBy(
            () -> create("layer1.pre", new Shape(16, 32, 32), "layer2.pre", new Shape(32, 16, 16)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("student feature 'layer1.pre' of shape (16, 32, 32)")
        .hasMessageContaining("teacher feature 'layer2.pre' of shape (32, 16, 16)")
        .hasMessageContaining("heights and widths must be equal");
    assertThatThrownBy(
            () -> create("layer3.pre", new Shape(64, 8, 8), "layer3.pre", new Shape(32, 8, 8)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("student feature 'layer3.pre' of shape (64, 8, 8)")
        .hasMessageContaining("teacher feature 'layer3.pre' of shape (32, 8, 8)")
        .hasMessageContaining("at least as many channels");
    assertThatThrownBy(
            () -> {
              try (NDManager manager = NDManager.newBaseManager()) {
                new MgdMethod()
                    .create(
                        MgdOptions.defaults(),
                        new MethodSetup(
                            FeatureTestNetworks.withFeatures(
                                "resnet56", Map.of("layer1", new Shape(16, 32, 32))),
                            FeatureTestNetworks.withFeatures(
                                "resnet20", Map.of("layer1", new Shape(16, 32, 32))),
                            manager));
              }
            })
        .isInstanceOf(UserException.class)
        .hasMessageContaining("has no feature point 'layer1.pre'")
        .hasMessageContaining("[layer1]");
  }
}
