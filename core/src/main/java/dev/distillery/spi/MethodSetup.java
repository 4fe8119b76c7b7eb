package dev.distillery.spi;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * What a method may look at when it is created.
 *
 * @param teacher the teacher network (initialised, frozen)
 * @param student the student network (initialised, trainable)
 * @param manager the manager that owns parameters of any connector the method adds
 * @param trainingLabels the class label of every image of the training split the stage trains on,
 *     indexed as {@link TrainingStep#sampleIndices()} (so its length is the number of training
 *     images); empty when unknown (tests, tools that train on no split). Methods with a memory bank
 *     over the training set (e.g. CRD) need it; the array must not be modified.
 */
public record MethodSetup(
    Network teacher, Network student, NDManager manager, int[] trainingLabels) {

  public MethodSetup {
    trainingLabels = trainingLabels == null ? new int[0] : trainingLabels;
  }

  /** A setup without a known training split ({@link #trainingImages()} is 0). */
  public MethodSetup(Network teacher, Network student, NDManager manager) {
    this(teacher, student, manager, new int[0]);
  }

  /** The number of images of the training split; 0 when unknown. */
  public int trainingImages() {
    return trainingLabels.length;
  }

  /**
   * The shape of one image's output at a teacher feature point, e.g. (64, 8, 8) for {@code layer3}
   * of resnet20; an unknown name is a {@link UserException} listing the feature points.
   */
  public Shape teacherShape(String featurePoint) {
    return shape(teacher, featurePoint);
  }

  /** The shape of one image's output at a student feature point (see {@link #teacherShape}). */
  public Shape studentShape(String featurePoint) {
    return shape(student, featurePoint);
  }

  private Shape shape(Network network, String featurePoint) {
    int index = network.featurePoints().indexOf(featurePoint);
    if (index < 0) {
      throw new UserException(
          "model '"
              + network.architecture()
              + "' has no feature point '"
              + featurePoint
              + "'; its feature points are "
              + network.featurePoints());
    }
    try (NDManager probe = manager.newSubManager()) {
      NDList outputs =
          network
              .block()
              .forward(
                  new ParameterStore(probe, false),
                  new NDList(probe.zeros(network.input().batchShape(2))),
                  false);
      return outputs.get(index).getShape().slice(1);
    }
  }
}
