package dev.distillery.spi;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a stage may check once the data is loaded and before any stage of the run starts: build the
 * networks it will train (with the dataset's real input shape) and create its methods, so that
 * wrong feature points and shapes that can't be bridged are reported before hours of training.
 */
public interface Preflight {

  /** The stage being checked. */
  String stageId();

  /** The dataset's image shape and class count. */
  ModelInput input();

  PluginCatalog plugins();

  /**
   * The class label of every training image the stages will train on (the training split less the
   * held-out validation images), in the order of {@link TrainingStep#sampleIndices()}; empty when
   * the checker does not know the data.
   */
  default int[] trainingLabels() {
    return new int[0];
  }

  /**
   * The class label of every held-out validation image, in order; empty when the pipeline holds
   * none out or the checker does not know the data (then {@link #trainingLabels()} is empty too).
   */
  default int[] validationLabels() {
    return new int[0];
  }

  /**
   * The first {@code count} images of the training split (fewer when it holds fewer), for computing
   * a stage's losses once on real images; empty when the checker does not know the data (a stage
   * then probes with seeded random images of {@link #input()}'s shape).
   */
  default Optional<ImageSplit> probeImages(int count) {
    return Optional.empty();
  }

  /**
   * Reports what the check could not do and why, e.g. a loss that cannot be computed before the run
   * because it needs an earlier stage's result; {@code distillery validate} prints it. Not a
   * problem: the run goes on.
   */
  default void note(String message) {}

  /** The stages this one needs (directly); empty when the checker does not know them. */
  default java.util.List<String> needs() {
    return java.util.List.of();
  }

  /** The model architecture another stage of the pipeline will leave, if it leaves one. */
  Optional<ModelSpec> modelOf(String stageId);

  /** The generator another stage of the pipeline will leave, if it leaves one. */
  default Optional<ModelSpec> generatorOf(String stageId) {
    return Optional.empty();
  }

  /**
   * Builds a generator (plugin id and options) for the dataset's images, uninitialised; throws a
   * {@link UserException} when it cannot make them.
   */
  GeneratorNetwork generator(ModelSpec generator);

  /** Builds and initialises a network in {@code manager} (for shape checks; weights are random). */
  Network network(ModelSpec model, NDManager manager);

  /**
   * A model named in a pipeline: the architecture id and its options.
   *
   * @param architecture the model plugin id
   * @param options the model plugin's options (null for defaults)
   */
  record ModelSpec(String architecture, JsonNode options) {}
}
