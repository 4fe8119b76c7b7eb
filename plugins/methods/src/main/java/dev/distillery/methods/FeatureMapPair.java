package dev.distillery.methods;

import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;

/**
 * A student and a teacher feature point that a method compares as feature maps (channels, height,
 * width), with their per-image shapes. {@link #of} rejects anything else; the further checks of a
 * method ({@link #requireSameSize}, {@link #rejected}) phrase their errors the same way: the
 * method, both feature points and both shapes, then what is wrong and what to choose instead.
 */
public record FeatureMapPair(
    String method, String studentPoint, Shape student, String teacherPoint, Shape teacher) {

  /**
   * The pair of the two named feature points of the setup's networks; a point that is not a feature
   * map is a {@link UserException} suggesting {@code examples} (e.g. "convolutional feature points
   * such as layer1, layer2, layer3").
   */
  public static FeatureMapPair of(
      String method, MethodSetup setup, String studentPoint, String teacherPoint, String examples) {
    return of(
        method,
        studentPoint,
        setup.studentShape(studentPoint),
        teacherPoint,
        setup.teacherShape(teacherPoint),
        examples);
  }

  /** As {@link #of(String, MethodSetup, String, String, String)}, for shapes already known. */
  public static FeatureMapPair of(
      String method,
      String studentPoint,
      Shape student,
      String teacherPoint,
      Shape teacher,
      String examples) {
    FeatureMapPair pair = new FeatureMapPair(method, studentPoint, student, teacherPoint, teacher);
    if (student.dimension() != 3 || teacher.dimension() != 3) {
      throw pair.rejected(
          "it needs feature maps (channels, height, width) on both sides; choose " + examples);
    }
    return pair;
  }

  /** "ofd pairs student feature 'layer1.pre' of shape (4, 8, 8) with teacher feature ...". */
  public String describe() {
    return method
        + " pairs student feature '"
        + studentPoint
        + "' of shape "
        + student
        + " with teacher feature '"
        + teacherPoint
        + "' of shape "
        + teacher;
  }

  /** A {@link UserException}: this pair, then the reason and what to choose instead. */
  public UserException rejected(String reasonAndFix) {
    return new UserException(describe() + ", but " + reasonAndFix);
  }

  /** Whether both maps have the same height and width. */
  public boolean sameSize() {
    return student.get(1) == teacher.get(1) && student.get(2) == teacher.get(2);
  }

  /**
   * Rejects maps of different heights or widths; {@code because} says why the method needs them
   * equal (e.g. "its connector is a 1x1 convolution").
   */
  public void requireSameSize(String because) {
    if (!sameSize()) {
      throw rejected(
          because
              + ", so the heights and widths must be equal; choose feature points of the same"
              + " spatial size (e.g. layerK.pre with layerK.pre of two CIFAR ResNets)");
    }
  }

  public long studentChannels() {
    return student.get(0);
  }

  public long teacherChannels() {
    return teacher.get(0);
  }
}
