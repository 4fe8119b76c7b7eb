package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.methods.at.AtMethod;
import dev.distillery.methods.at.AtOptions;
import dev.distillery.methods.nst.NstMethod;
import dev.distillery.methods.nst.NstOptions;
import dev.distillery.methods.pkt.PktMethod;
import dev.distillery.methods.pkt.PktOptions;
import dev.distillery.methods.sp.SpMethod;
import dev.distillery.methods.sp.SpOptions;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * at and nst refuse, when created, feature pairs they cannot compare (a flat vector, spatial sizes
 * that do not divide, non-square maps of different sizes) with a message naming both feature points
 * and shapes, and accept equal or dividing sizes; sp and pkt accept any shapes but unknown feature
 * points fail with the model's list.
 */
public class FeatureShapeMismatchTest {

  private static final Network STUDENT =
      FeatureTestNetworks.withFeatures(
          "student",
          Map.of(
              "layer1", new Shape(8, 8, 8),
              "layer2", new Shape(16, 4, 4),
              "odd", new Shape(16, 7, 7),
              "wide", new Shape(16, 4, 8),
              "pool", new Shape(16)));
  private static final Network TEACHER =
      FeatureTestNetworks.withFeatures(
          "teacher",
          Map.of(
              "layer1", new Shape(16, 8, 8),
              "layer2", new Shape(32, 4, 4),
              "pool", new Shape(32)));

  @Test
  void atAndNstRejectPairsTheyCannotCompare() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(TEACHER, STUDENT, manager);
      for (String bad : List.of("odd", "wide", "pool")) {
        assertThatThrownBy(
                () ->
                    new AtMethod()
                        .create(new AtOptions(List.of(bad), List.of("layer2"), null), setup))
            .as(bad)
            .isInstanceOf(UserException.class)
            .hasMessageContaining("at pairs student feature '" + bad + "' of shape")
            .hasMessageContaining("teacher feature 'layer2' of shape (32, 4, 4)");
        assertThatThrownBy(
                () ->
                    new NstMethod()
                        .create(
                            new NstOptions(List.of("layer1", bad), List.of("layer1", "layer2")),
                            setup))
            .as(bad)
            .isInstanceOf(UserException.class)
            .hasMessageContaining("nst pairs student feature '" + bad + "' of shape");
      }
      assertThatThrownBy(
              () ->
                  new AtMethod()
                      .create(new AtOptions(List.of("odd"), List.of("layer1"), null), setup))
          .hasMessageContaining("(16, 7, 7)")
          .hasMessageContaining("(16, 8, 8)")
          .hasMessageContaining("whole multiple");
    }
  }

  @Test
  void atAndNstAcceptEqualOrDividingSizes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(TEACHER, STUDENT, manager);
      List<String> student = List.of("layer1", "layer2", "layer1", "layer2");
      List<String> teacher = List.of("layer1", "layer2", "layer2", "layer1");
      assertThat(new AtMethod().create(new AtOptions(student, teacher, null), setup).name())
          .isEqualTo("at");
      assertThat(new NstMethod().create(new NstOptions(student, teacher), setup).name())
          .isEqualTo("nst");
    }
  }

  @Test
  void spAndPktAcceptAnyShapesButNotUnknownPoints() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup setup = new MethodSetup(TEACHER, STUDENT, manager);
      assertThat(new SpMethod().create(new SpOptions("odd", "pool"), setup).name()).isEqualTo("sp");
      assertThat(new PktMethod().create(new PktOptions("wide", "layer1"), setup).name())
          .isEqualTo("pkt");
      assertThatThrownBy(() -> new SpMethod().create(SpOptions.defaults(), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("has no feature point 'layer3'");
      assertThatThrownBy(() -> new PktMethod().create(new PktOptions("pool", "fc1"), setup))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'teacher' has no feature point 'fc1'");
    }
  }
}
