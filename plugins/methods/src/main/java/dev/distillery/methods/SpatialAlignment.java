package dev.distillery.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * How RepDistiller's {@code Attention} and {@code NSTLoss} bridge feature maps of different spatial
 * sizes: the map with the larger height is adaptively average-pooled to the other one's (square)
 * size, {@code F.adaptive_avg_pool2d(f, (H_small, H_small))}. Distillery supports the cases where
 * this pooling is a plain average pooling: equal sizes, or square maps whose sides divide (32, 16,
 * 8, 4 of ResNets); there adaptive pooling with output k equals average pooling with kernel and
 * stride {@code H_large / k}.
 */
public final class SpatialAlignment {

  private SpatialAlignment() {}

  /**
   * Checks at creation that every pair {@code (studentPoints[i], teacherPoints[i])} of the setup's
   * networks can be compared (see {@link #check}); returns the pairs with their shapes, in order.
   */
  public static List<FeatureMapPair> checkPairs(
      String method, MethodSetup setup, List<String> studentPoints, List<String> teacherPoints) {
    List<FeatureMapPair> pairs = new ArrayList<>();
    for (int i = 0; i < studentPoints.size(); i++) {
      String studentPoint = studentPoints.get(i);
      String teacherPoint = teacherPoints.get(i);
      pairs.add(
          check(
              method,
              studentPoint,
              setup.studentShape(studentPoint),
              teacherPoint,
              setup.teacherShape(teacherPoint)));
    }
    return List.copyOf(pairs);
  }

  /**
   * Checks at creation that a pair of per-image feature shapes (C, H, W) can be compared, else a
   * {@link UserException} naming both feature points and their shapes; returns the pair.
   */
  public static FeatureMapPair check(
      String method, String studentPoint, Shape student, String teacherPoint, Shape teacher) {
    FeatureMapPair pair =
        FeatureMapPair.of(
            method,
            studentPoint,
            student,
            teacherPoint,
            teacher,
            "convolutional feature points such as layer1, layer2, layer3");
    if (pair.sameSize()) {
      return pair;
    }
    long small = Math.min(student.get(1), teacher.get(1));
    long large = Math.max(student.get(1), teacher.get(1));
    boolean square = student.get(1) == student.get(2) && teacher.get(1) == teacher.get(2);
    if (!square || large % small != 0) {
      throw pair.rejected(
          "their spatial sizes differ and the larger is not a whole multiple of the"
              + " smaller on square maps, so it cannot be average-pooled to the smaller size (as"
              + " RepDistiller does); choose feature points with equal spatial sizes or sizes"
              + " that divide (e.g. 16x16 and 8x8)");
    }
    return pair;
  }

  /**
   * The pair with the map of larger height average-pooled to the other's size, as RepDistiller's
   * {@code adaptive_avg_pool2d} (shapes checked by {@link #check}); index 0 student, 1 teacher.
   */
  public static NDArray[] align(NDArray student, NDArray teacher) {
    long studentHeight = student.getShape().get(2);
    long teacherHeight = teacher.getShape().get(2);
    if (studentHeight > teacherHeight) {
      return new NDArray[] {pool(student, studentHeight / teacherHeight), teacher};
    }
    if (studentHeight < teacherHeight) {
      return new NDArray[] {student, pool(teacher, teacherHeight / studentHeight)};
    }
    return new NDArray[] {student, teacher};
  }

  private static NDArray pool(NDArray map, long factor) {
    Shape window = new Shape(factor, factor);
    return Pool.avgPool2d(map, window, window, new Shape(0, 0), false, true);
  }
}
