package dev.distillery.methods.fsp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * fsp fails at creation when a student/teacher pair of feature points differs in channels (naming
 * both points and shapes and saying that FSP needs equal channel counts), and when consecutive
 * feature maps of one network cannot be pooled to a common size.
 */
public class FspShapeMismatchTest {

  private static Map<String, Shape> resnet(long width, long stemSize) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("stem", new Shape(width, stemSize, stemSize));
    shapes.put("layer1", new Shape(width, 32, 32));
    shapes.put("layer2", new Shape(2 * width, 16, 16));
    shapes.put("layer3", new Shape(4 * width, 8, 8));
    return shapes;
  }

  private static void create(NDManager manager, Map<String, Shape> student, Map<String, Shape> t) {
    new FspMethod()
        .create(
            FspOptions.defaults(),
            new MethodSetup(
                FeatureTestNetworks.withFeatures("teacher", t),
                FeatureTestNetworks.withFeatures("student", student),
                manager));
  }

  @Test
  void equalChannelsPassAndDifferentChannelsFail() {
    try (NDManager manager = NDManager.newBaseManager()) {
      create(manager, resnet(16, 32), resnet(16, 32)); // resnet8 vs resnet20: 16/16/32/64
      assertThatThrownBy(() -> create(manager, resnet(16, 32), resnet(64, 32)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("student feature 'stem' of shape (16, 32, 32)")
          .hasMessageContaining("teacher feature 'stem' of shape (64, 32, 32)")
          .hasMessageContaining("FSP needs equal channel counts");
      assertThatThrownBy(() -> create(manager, resnet(16, 24), resnet(16, 32)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("student feature 'stem' of shape (16, 24, 24)")
          .hasMessageContaining("cannot be average-pooled");
    }
  }
}
