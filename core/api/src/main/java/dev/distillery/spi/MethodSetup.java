package dev.distillery.spi;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a method may look at when it is created.
 *
 * @param teacher the teacher network (initialised, frozen)
 * @param student the student network (initialised, trainable)
 * @param manager the manager that owns parameters of any connector the method adds
 * @param upstream what the stages the distilling stage needs left (e.g. a pretrained paraphraser)
 * @param trainingLabels the class label of every image of the training split the stage trains on,
 *     indexed as {@link TrainingStep#sampleIndices()} (so its length is the number of training
 *     images); empty when unknown (tests, tools that train on no split). Methods with a memory bank
 *     over the training set (e.g. CRD) need it; the array must not be modified.
 */
public record MethodSetup(
    Network teacher, Network student, NDManager manager, Upstream upstream, int[] trainingLabels) {

  public MethodSetup {
    Objects.requireNonNull(upstream, "upstream is null");
    trainingLabels = trainingLabels == null ? new int[0] : trainingLabels;
  }

  /** A setup with no upstream stages and no known training split. */
  public MethodSetup(Network teacher, Network student, NDManager manager) {
    this(teacher, student, manager, Upstream.none(), new int[0]);
  }

  /** A setup with upstream stages and no known training split. */
  public MethodSetup(Network teacher, Network student, NDManager manager, Upstream upstream) {
    this(teacher, student, manager, upstream, new int[0]);
  }

  /** A setup with a known training split and no upstream stages. */
  public MethodSetup(Network teacher, Network student, NDManager manager, int[] trainingLabels) {
    this(teacher, student, manager, Upstream.none(), trainingLabels);
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

  /**
   * The results of the stages the distilling stage needs, for methods that use what another stage
   * left ({@link MethodPlugin#stageReferences}).
   *
   * @param beforeRun true while the pipeline is checked before any stage runs (preflight): the
   *     named stages exist but have no results yet, so a method checks what it can without them
   * @param results the results by stage id (empty before the run)
   * @param runDirectory the directory the results' artifact paths are relative to (null before the
   *     run)
   */
  public record Upstream(boolean beforeRun, Map<String, StageResult> results, Path runDirectory) {

    public Upstream {
      Map<String, StageResult> present = new java.util.LinkedHashMap<>();
      results.forEach(
          (id, result) -> {
            if (result != null) {
              present.put(id, result);
            }
          });
      results = java.util.Collections.unmodifiableMap(present);
    }

    /** No upstream stages. */
    public static Upstream none() {
      return new Upstream(false, Map.of(), null);
    }

    /** Checking before the run: stages have no results yet. */
    public static Upstream forPreflight() {
      return new Upstream(true, Map.of(), null);
    }

    /** The result of a needed stage, if it has one. */
    public Optional<StageResult> result(String stageId) {
      return Optional.ofNullable(results.get(stageId));
    }

    /** An artifact path of a result (relative to the run directory) as a file. */
    public Path resolve(String artifact) {
      if (runDirectory == null) {
        throw new IllegalStateException("no run directory before the run: " + artifact);
      }
      return runDirectory.resolve(artifact);
    }
  }
}
