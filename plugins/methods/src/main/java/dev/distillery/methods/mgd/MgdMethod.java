package dev.distillery.methods.mgd;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.methods.ofd.OfdMargin;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mgd} method: Yue et al. ECCV 2020, "Matching Guided Distillation", as KaiyuYue/mgd
 * builds it for classification ({@code mgd/builder.py}, {@code cls/main_mgd.py}): the teacher's
 * channels are matched with the student's by solving an assignment problem on channel statistics,
 * reduced to the student's channel count (sparse matching, random drop or absolute max pooling),
 * and distilled into a BatchNorm of the student's pre-ReLU feature with the partial L2 distance.
 * See {@link MgdLoss}.
 *
 * <p>Each pair of feature points must be feature maps (channels, height, width) of the same height
 * and width, with at least as many teacher channels as student channels; otherwise a {@link
 * UserException} names both feature points and shapes. The margins come from the teacher's batch
 * norm at each teacher feature point ({@link Network#batchNormOf}), as the reference's {@code
 * get_bn_before_relu}; where the model has none (LeNet-5) they are estimated from the data (see
 * {@link MgdLoss}).
 */
public final class MgdMethod implements MethodPlugin<MgdOptions> {

  @Override
  public String id() {
    return "mgd";
  }

  @Override
  public String description() {
    return "Yue et al. 2020 Matching Guided Distillation: teacher channels matched to student"
        + " channels by an assignment on channel statistics, reduced (sm, rd, amp) and distilled"
        + " into a BatchNorm of the student's pre-ReLU features with the partial L2 distance";
  }

  @Override
  public Class<MgdOptions> optionsType() {
    return MgdOptions.class;
  }

  /** 1: main_mgd.py adds {@code d_loss / batch_size / loss_factor} to the cross-entropy as is. */
  @Override
  public double defaultWeight() {
    return 1.0;
  }

  @Override
  public DistillationLoss create(MgdOptions options, MethodSetup setup) {
    List<long[]> channels = new ArrayList<>();
    List<BatchNorm> connectors = new ArrayList<>();
    List<double[]> margins = new ArrayList<>();
    for (int i = 0; i < options.studentFeatures().size(); i++) {
      String studentPoint = options.studentFeatures().get(i);
      String teacherPoint = options.teacherFeatures().get(i);
      FeatureMapPair pair =
          FeatureMapPair.of(
              "mgd",
              setup,
              studentPoint,
              teacherPoint,
              "convolutional pre-ReLU feature points such as layer1.pre, layer2.pre, layer3.pre"
                  + " (not pool)");
      pair.requireSameSize("it compares the maps position by position");
      Shape student = pair.student();
      Shape teacher = pair.teacher();
      if (teacher.get(0) < student.get(0)) {
        throw pair.rejected(
            "it reduces the teacher's channels to the student's, so the teacher needs at"
                + " least as many channels as the student ("
                + teacher.get(0)
                + " < "
                + student.get(0)
                + "); pair a wider teacher feature point");
      }
      channels.add(new long[] {student.get(0), teacher.get(0)});
      margins.add(margins(setup.teacher(), teacherPoint, teacher.get(0)));
      // MGDistiller.BNs: nn.BatchNorm2d(s) (eps 1e-5, momentum 0.1 = DJL's 0.9), gamma 1, beta 0.
      BatchNorm batchNorm = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
      batchNorm.initialize(setup.manager(), DataType.FLOAT32, new Shape(2).addAll(student));
      connectors.add(batchNorm);
    }
    return new MgdLoss(options, channels, connectors, margins, setup.manager().newSubManager());
  }

  /**
   * get_margin_from_BN on the teacher's batch norm that produces the feature point, as the
   * reference ({@code t_net.get_bn_before_relu()}); null when the model has none there (LeNet-5):
   * the loss then estimates the margins from the teacher feature's statistics.
   */
  private static double[] margins(Network teacher, String point, long channels) {
    float[] margins = OfdMargin.fromBatchNorm(teacher, point, channels).orElse(null);
    if (margins == null) {
      return null;
    }
    double[] widened = new double[margins.length];
    for (int c = 0; c < margins.length; c++) {
      widened[c] = margins[c];
    }
    return widened;
  }
}
