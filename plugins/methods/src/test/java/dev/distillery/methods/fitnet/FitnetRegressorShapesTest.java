package dev.distillery.methods.fitnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * fitnet's regressor maps the student feature map to the teacher's shape in each ConvReg case
 * (stride 2, kernel 1+s_H−t_H, and Distillery's upsampling in place of the transposed convolution),
 * with its parameters in the setup's manager; shapes it cannot bridge fail at creation naming both
 * feature points and shapes.
 */
public class FitnetRegressorShapesTest {

  private static FitnetLoss create(NDManager manager, Shape student, Shape teacher) {
    return (FitnetLoss)
        new FitnetMethod()
            .create(
                FitnetOptions.defaults(),
                new MethodSetup(
                    FeatureTestNetworks.withFeatures("teacher", Map.of("layer2", teacher)),
                    FeatureTestNetworks.withFeatures("student", Map.of("layer2", student)),
                    manager));
  }

  @Test
  void regressorReachesTheTeacherShape() {
    Shape[][] pairs = {
      {new Shape(16, 8, 8), new Shape(32, 4, 4)}, // stride 2
      {new Shape(16, 4, 4), new Shape(64, 8, 8)}, // upsampling (ConvTranspose2d in the reference)
      {new Shape(8, 4, 4), new Shape(32, 4, 4)}, // kernel 1
      {new Shape(8, 6, 5), new Shape(4, 4, 3)}, // kernel 3x3
    };
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Shape[] pair : pairs) {
        FitnetLoss loss = create(manager, pair[0], pair[1]);
        assertThat(loss.conv().getParameters().get("weight").getArray().getManager())
            .isSameAs(manager);
        try (NDManager scope = manager.newSubManager()) {
          NDArray student = scope.randomNormal(new Shape(3).addAll(pair[0]));
          NDArray teacher = scope.randomNormal(new Shape(3).addAll(pair[1]));
          NDArray value = loss.compute(student, teacher, true);
          assertThat(value.getShape().isScalar()).as(pair[0] + " -> " + pair[1]).isTrue();
          assertThat(value.getFloat()).as(pair[0] + " -> " + pair[1]).isPositive();
          // evaluation mode uses running statistics and gives the same shapes
          assertThat(loss.compute(student, teacher, false).getFloat()).isFinite();
        }
      }
    }
  }

  @Test
  void unbridgeableShapesFail() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> create(manager, new Shape(16, 4, 4), new Shape(32, 6, 6)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("student feature 'layer2' of shape (16, 4, 4)")
          .hasMessageContaining("teacher feature 'layer2' of shape (32, 6, 6)")
          .hasMessageContaining("twice, half, or at least");
      assertThatThrownBy(() -> create(manager, new Shape(16, 8, 8), new Shape(32, 4, 6)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("the widths must scale as the heights do");
      assertThatThrownBy(() -> create(manager, new Shape(64), new Shape(32, 4, 4)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("feature maps (channels, height, width)");
    }
  }
}
