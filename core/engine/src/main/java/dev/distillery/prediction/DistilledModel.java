package dev.distillery.prediction;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.distillery.engine.Splits;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.StageModels;
import dev.distillery.spi.ImagePreprocessing;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.training.Networks;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained model of a finished run, loaded for prediction: the network a stage left (e.g. the
 * student of {@code student-kd}), rebuilt from its architecture and parameters, in inference mode.
 *
 * <pre>{@code
 * try (DistilledModel model = DistilledModel.load(Path.of("runs/quickstart/20260101-120000"),
 *     "student-kd")) {
 *   Prediction prediction = model.predict(images, count); // count × C × H × W, model-ready
 *   System.out.println(prediction.className(0) + " " + prediction.confidence(0));
 * }
 * }</pre>
 *
 * <p>Images are model-ready floats, as the run's dataset gave them to the model: {@code C × H × W}
 * per image, row-major, normalised and sized as {@link #input()} says. The model plugins are found
 * on the class path (the {@code distillery-models} jar, or whichever provides the architecture).
 * Not thread-safe.
 */
public final class DistilledModel implements AutoCloseable {

  private final NDManager manager;
  private final Network network;
  private final ParameterStore store;
  private final ModelArtifact artifact;
  private final List<String> classNames;
  private final ImagePreprocessing preprocessing;

  private DistilledModel(
      NDManager manager,
      Network network,
      ModelArtifact artifact,
      List<String> classNames,
      ImagePreprocessing preprocessing) {
    this.manager = manager;
    this.network = network;
    this.store = new ParameterStore(manager, false);
    this.artifact = artifact;
    this.classNames = classNames;
    this.preprocessing = preprocessing;
  }

  /**
   * Loads the model stage {@code stage} of the run in {@code runDirectory} trained.
   *
   * @throws dev.distillery.spi.UserException when the directory is not a run, the run has no such
   *     stage, the stage did not finish or left no model, or its parameters cannot be read
   */
  public static DistilledModel load(Path runDirectory, String stage) {
    RunDirectory run = RunDirectory.open(runDirectory);
    ModelArtifact artifact = StageModels.of(run, stage);
    PluginRegistry plugins =
        PluginRegistry.discover(Thread.currentThread().getContextClassLoader());
    ModelInput input = artifact.input();
    List<String> classNames = artifact.classNames();
    ImagePreprocessing preprocessing = artifact.preprocessing();
    if (input == null || classNames == null) {
      // a run made before models recorded their input: ask the run's dataset
      Splits data = datasetOf(run, plugins);
      input = data.source().input();
      classNames = data.source().classNames();
      preprocessing = data.source().preprocessing();
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      Network network = Networks.load(plugins, artifact, input, run.path(), manager);
      return new DistilledModel(manager, network, artifact, classNames, preprocessing);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static Splits datasetOf(RunDirectory run, PluginRegistry plugins) {
    PipelineSpec pipeline = new PipelineLoader(plugins).load(run.pipelineFile());
    List<Path> searchPath = new java.util.ArrayList<>();
    String environment = System.getenv("DISTILLERY_DATA");
    if (environment != null && !environment.isBlank()) {
      searchPath.add(Path.of(environment));
    }
    searchPath.add(Path.of("data"));
    searchPath.add(Path.of("/usr/share/datasets"));
    try {
      return Splits.load(pipeline.dataset(), pipeline.seed(), plugins, searchPath);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The shape of one model-ready image ({@code C × H × W}) and the number of classes. */
  public ModelInput input() {
    return network.input();
  }

  /** The class names, one per logit. */
  public List<String> classNames() {
    return classNames;
  }

  /** The model plugin id, e.g. {@code lenet5-half}. */
  public String architecture() {
    return artifact.architecture();
  }

  /** The stage that trained the model. */
  public String stage() {
    return artifact.producedBy();
  }

  /**
   * Predicts the classes of {@code count} model-ready images.
   *
   * @param images {@code count × C × H × W} floats, row-major, normalised as the run's dataset
   * @throws IllegalArgumentException when {@code images} does not hold {@code count} images of
   *     {@link #input()}'s shape
   */
  public Prediction predict(float[] images, int count) {
    ModelInput input = network.input();
    long imageSize = (long) input.channels() * input.height() * input.width();
    if (count < 1 || images.length != count * imageSize) {
      throw new IllegalArgumentException(
          "predict needs count × "
              + input.channels()
              + " × "
              + input.height()
              + " × "
              + input.width()
              + " = "
              + count
              + " × "
              + imageSize
              + " floats, got "
              + images.length
              + " for count "
              + count);
    }
    try (NDManager scope = manager.newSubManager()) {
      NDArray batch = scope.create(FloatBuffer.wrap(images), input.batchShape(count));
      float[] logits =
          network
              .logits(network.block().forward(store, new NDList(batch), false))
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
      return Prediction.of(logits, count, classNames);
    }
  }

  /**
   * Predicts the classes of image files (PNG, JPEG, BMP, GIF), prepared exactly as the run's
   * dataset prepared its images for training: decoded, brought to the model's input size (resized
   * and centre-cropped, or padded), grey or RGB, normalised with the dataset's statistics.
   *
   * @throws dev.distillery.spi.UserException when the run's dataset records no way to prepare image
   *     files (generated data), or a file cannot be read or is not an image
   */
  public Prediction predict(Path... imageFiles) {
    if (preprocessing == null) {
      throw new dev.distillery.spi.UserException(
          "stage '"
              + artifact.producedBy()
              + "' was trained on a dataset that records no preprocessing for image files"
              + " (generated data, or a run made before preprocessing was recorded); pass"
              + " model-ready arrays to predict(float[], int)");
    }
    if (imageFiles.length == 0) {
      throw new IllegalArgumentException("predict needs at least one image file");
    }
    int size = preprocessing.imageSize();
    float[] images = new float[imageFiles.length * size];
    for (int i = 0; i < imageFiles.length; i++) {
      byte[] bytes;
      try {
        bytes = java.nio.file.Files.readAllBytes(imageFiles[i]);
      } catch (IOException e) {
        throw new dev.distillery.spi.UserException(
            "cannot read image '" + imageFiles[i] + "': " + e.getMessage(), e);
      }
      float[] prepared = preprocessing.prepare(bytes, imageFiles[i].toString());
      System.arraycopy(prepared, 0, images, i * size, size);
    }
    return predict(images, imageFiles.length);
  }

  /** How image files are prepared for this model; null when the run's dataset records none. */
  public ImagePreprocessing preprocessing() {
    return preprocessing;
  }

  @Override
  public void close() {
    manager.close();
  }
}
