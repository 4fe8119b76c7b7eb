package dev.distillery.methods.fsp;

import ai.djl.ndarray.types.Shape;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fsp} method: Yim et al. CVPR 2017, "A Gift from Knowledge Distillation: Fast
 * Optimization, Network Minimization and Transfer Learning", as RepDistiller's {@code FSP} (see
 * {@link FspLoss}). RepDistiller uses it only in an initialisation phase before training with
 * cross-entropy; in Distillery that is a distill stage with this loss alone followed by a stage
 * with {@code init-from}.
 */
public final class FspMethod implements MethodPlugin<FspOptions> {

  @Override
  public String id() {
    return "fsp";
  }

  @Override
  public String description() {
    return "Yim et al. 2017 flow of solution procedure: MSE between the student's and the"
        + " teacher's Gram matrices of consecutive feature maps (RepDistiller FSP)";
  }

  @Override
  public Class<FspOptions> optionsType() {
    return FspOptions.class;
  }

  /** 1: RepDistiller sums the pairs' losses unweighted in its init phase. */
  @Override
  public double defaultWeight() {
    return 1.0;
  }

  @Override
  public DistillationLoss create(FspOptions options, MethodSetup setup) {
    List<Shape> student = new ArrayList<>();
    List<Shape> teacher = new ArrayList<>();
    for (int i = 0; i < options.studentFeatures().size(); i++) {
      String sPoint = options.studentFeatures().get(i);
      String tPoint = options.teacherFeatures().get(i);
      FeatureMapPair pair =
          FeatureMapPair.of(
              "fsp",
              setup,
              sPoint,
              tPoint,
              "convolutional feature points such as stem, layer1, layer2, layer3");
      Shape s = pair.student();
      Shape t = pair.teacher();
      if (s.get(0) != t.get(0)) {
        throw pair.rejected(
            "FSP needs equal channel counts at each pair of feature points (it compares"
                + " the student's C×C FSP matrices with the teacher's), got "
                + s.get(0)
                + " and "
                + t.get(0)
                + "; choose a student and teacher whose widths agree (e.g. resnet8 and resnet20,"
                + " both 16/16/32/64) or other feature points");
      }
      student.add(s);
      teacher.add(t);
    }
    checkConsecutive("student", options.studentFeatures(), student);
    checkConsecutive("teacher", options.teacherFeatures(), teacher);
    return new FspLoss(options);
  }

  private static void checkConsecutive(String side, List<String> points, List<Shape> shapes) {
    for (int i = 0; i + 1 < shapes.size(); i++) {
      Shape bottom = shapes.get(i);
      Shape top = shapes.get(i + 1);
      if (bottom.get(1) == top.get(1) && bottom.get(2) == top.get(2)) {
        continue;
      }
      long small = Math.min(bottom.get(1), top.get(1));
      long large = Math.max(bottom.get(1), top.get(1));
      boolean square = bottom.get(1) == bottom.get(2) && top.get(1) == top.get(2);
      if (!square || large % small != 0) {
        throw new UserException(
            "fsp relates "
                + side
                + " feature '"
                + points.get(i)
                + "' of shape "
                + bottom
                + " with the next one, '"
                + points.get(i + 1)
                + "' of shape "
                + top
                + ": their spatial sizes differ and the larger is not a whole multiple of the"
                + " smaller on square maps, so it cannot be average-pooled to the smaller size (as"
                + " RepDistiller does); choose feature points with equal sizes or sizes that"
                + " divide (e.g. 16x16 and 8x8)");
      }
    }
  }
}
