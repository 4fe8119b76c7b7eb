package dev.distillery.methods.ofd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.distillery.methods.FeatureMapPair;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code ofd} method: Heo et al. ICCV 2019, "A Comprehensive Overhaul of Feature Distillation",
 * as clovaai/overhaul-distillation's CIFAR-100 {@code Distiller}: a partial L2 loss between the
 * student's pre-ReLU features, through a trainable 1×1 convolution + BatchNorm connector, and the
 * teacher's pre-ReLU features clipped from below at a per-channel margin computed from the
 * teacher's batch norm (see {@link OfdLoss}, {@link OfdMargin}, {@link OfdConnector}).
 *
 * <p>Each teacher feature point must be produced by a batch norm of the teacher ({@link
 * Network#batchNormOf}); student and teacher maps of a pair must have the same height and width
 * (the connector is 1×1); channel counts may differ.
 */
public final class OfdMethod implements MethodPlugin<OfdOptions> {

  /**
   * The reference's CIFAR-100 training adds {@code loss_distill.sum() / batch_size / 1000} to the
   * cross-entropy unweighted; the 1/B/1000 is part of the loss here, so the weight is 1.
   */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String id() {
    return "ofd";
  }

  @Override
  public String description() {
    return "Heo et al. 2019 overhaul of feature distillation: partial L2 between 1x1 conv+BN"
        + " connectors of student pre-ReLU features and teacher pre-ReLU features clipped at a"
        + " margin from the teacher's batch norm (clovaai/overhaul-distillation)";
  }

  @Override
  public Class<OfdOptions> optionsType() {
    return OfdOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public DistillationLoss create(OfdOptions options, MethodSetup setup) {
    List<OfdConnector> connectors = new ArrayList<>();
    List<NDArray> margins = new ArrayList<>();
    for (int i = 0; i < options.studentFeatures().size(); i++) {
      String studentPoint = options.studentFeatures().get(i);
      String teacherPoint = options.teacherFeatures().get(i);
      FeatureMapPair pair =
          FeatureMapPair.of(
              "ofd",
              setup,
              studentPoint,
              teacherPoint,
              "pre-ReLU feature points such as layer1.pre, layer2.pre, layer3.pre");
      pair.requireSameSize("its connector is a 1x1 convolution");
      Shape student = pair.student();
      Shape teacher = pair.teacher();
      float[] margin = margin(setup.teacher(), teacherPoint, teacher.get(0));
      margins.add(setup.manager().create(margin, new Shape(margin.length, 1, 1)));
      connectors.add(OfdConnector.create(setup.manager(), student, teacher.get(0)));
    }
    return new OfdLoss(options, connectors, margins);
  }

  private static float[] margin(Network teacher, String point, long channels) {
    return OfdMargin.fromBatchNorm(teacher, point, channels)
        .orElseThrow(
            () -> {
              List<String> withNorm = List.copyOf(teacher.featureBatchNorms().keySet());
              return new UserException(
                  "ofd computes its margin from the batch norm that produces teacher feature"
                      + " point '"
                      + point
                      + "', but model '"
                      + teacher.architecture()
                      + "' has no batch norm there"
                      + (withNorm.isEmpty()
                          ? " (it has no batch norm at all); ofd needs a teacher with batch"
                              + " norm, e.g. a resnet or wrn"
                          : "; its feature points with a batch norm are "
                              + withNorm
                              + ": choose one of them in teacher-features"));
            });
  }
}
