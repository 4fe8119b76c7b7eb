package dev.distillery.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A network trained elsewhere and loaded from a file, in inference only: it has no trainable
 * parameters, its forward pass runs the loaded model in evaluation mode and returns {@code
 * NDList(feature_0, ..., feature_{n-1}, logits)} picked by name from the model's outputs.
 *
 * <p>The model is loaded lazily, into the manager the block was initialised in: by {@link
 * #loadParameters} from the copy a stage keeps in the run directory (what {@code
 * StageContext.loadModel} does), or else from {@link FileModelOptions#file} on the first forward
 * pass. Each load is checked against the dataset ({@link ModelInput}): the declared input shape
 * where the format has one, one forward pass of two of the dataset's images, the logits' width
 * against the class count and the feature names against the outputs; a mismatch is a {@link
 * UserException} naming the file and both values.
 */
abstract class FileModelBlock extends AbstractBlock {

  private final String format;
  private final FileModelOptions options;
  private final ModelInput input;
  private NDManager manager;
  private boolean loaded;
  private String logitsName;
  private final Map<String, Shape> sampleShapes = new LinkedHashMap<>();

  FileModelBlock(String format, FileModelOptions options, ModelInput input) {
    this.format = format;
    this.options = options;
    this.input = input;
  }

  /** Loads the model from a file into {@code manager}'s lifetime. */
  protected abstract void open(NDManager manager, Path file) throws Exception;

  /** Loads the model from the bytes of a file into {@code manager}'s lifetime. */
  protected abstract void open(NDManager manager, byte[] bytes) throws Exception;

  /**
   * The input shape the model declares, {@code [N, C, H, W]} with -1 for free dimensions; empty
   * when the format declares none (TorchScript).
   */
  protected abstract Optional<long[]> declaredInputShape();

  /** The number of inputs the model declares; -1 when the format declares none. */
  protected int declaredInputCount() {
    return -1;
  }

  /**
   * Runs the loaded model on a batch; the outputs by name, in the model's order, in the batch's
   * manager.
   */
  protected abstract Map<String, NDArray> run(NDArray images);

  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    super.initialize(manager, dataType, inputShapes);
    this.manager = manager;
  }

  @Override
  protected synchronized NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (!loaded) {
      loadFromFile(manager != null ? manager : inputs.head().getManager());
    }
    return select(run(inputs.head()));
  }

  private NDList select(Map<String, NDArray> outputs) {
    NDList result = new NDList();
    for (String feature : options.features()) {
      result.add(outputs.get(feature));
    }
    result.add(outputs.get(logitsName));
    return result;
  }

  /** Loads the model from its file now (if not loaded yet) and checks it against the dataset. */
  synchronized void loadFromFile(NDManager target) {
    Path path = options.path();
    if (path == null) {
      throw new UserException(
          format
              + " model: no `file` given; name the model file in the stage that imports it, e.g."
              + " model-options: {file: teacher.pt}");
    }
    if (!Files.isRegularFile(path)) {
      throw new UserException(
          format
              + " file '"
              + options.file()
              + "' does not exist (looked for "
              + path
              + "; relative paths start at the working directory "
              + Path.of("").toAbsolutePath()
              + ")");
    }
    try {
      open(target, path);
    } catch (UserException e) {
      throw e;
    } catch (Exception e) {
      throw new UserException(
          format
              + " file '"
              + options.file()
              + "' does not load: "
              + firstLine(e)
              + "; is it a "
              + format
              + " file? "
              + howToMake(),
          e);
    }
    manager = target;
    check(target, "'" + options.file() + "'");
  }

  /** The copy kept in the run directory: the bytes of the model file. */
  @Override
  public synchronized void loadParameters(NDManager target, DataInputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    String name =
        options.file() == null ? "(imported into the run)" : "'" + options.file() + "' (imported)";
    try {
      open(target, bytes);
    } catch (Exception e) {
      throw new UserException(
          format
              + " file "
              + name
              + " does not load: "
              + firstLine(e)
              + "; re-run the stage that imported it",
          e);
    }
    manager = target;
    check(target, name);
  }

  @Override
  public void saveParameters(DataOutputStream out) {
    throw new UserException(
        format
            + " model '"
            + options.file()
            + "' is loaded from a file and runs in inference only: it cannot be trained or saved");
  }

  private void check(NDManager target, String file) {
    String what = format + " file " + file;
    String images = input.channels() + "x" + input.height() + "x" + input.width();
    int inputs = declaredInputCount();
    if (inputs > 1) {
      throw new UserException(
          what + " takes " + inputs + " inputs; a teacher takes one: a batch of images");
    }
    Optional<long[]> declared = declaredInputShape();
    if (declared.isPresent()) {
      long[] shape = declared.get();
      long[] wanted = {input.channels(), input.height(), input.width()};
      boolean fits = shape.length == 4;
      for (int i = 0; fits && i < 3; i++) {
        fits = shape[i + 1] <= 0 || shape[i + 1] == wanted[i];
      }
      if (!fits) {
        throw new UserException(
            what
                + " takes input "
                + dims(shape)
                + " but the dataset's images are "
                + images
                + " (batch x "
                + images
                + " wanted); use a dataset of the teacher's input shape (e.g. pad-to/resize"
                + " options of the dataset) or export the teacher for "
                + images);
      }
    }
    Map<String, NDArray> outputs;
    try (NDManager probe = target.newSubManager()) {
      try {
        outputs = run(probe.zeros(input.batchShape(2)));
      } catch (RuntimeException e) {
        throw new UserException(
            what
                + " does not run on the dataset's images (a batch of 2x"
                + images
                + "): "
                + firstLine(e)
                + "; its input shape does not match the dataset's "
                + images
                + " — use a dataset of the teacher's input shape or export the teacher for "
                + images,
            e);
      }
      logitsName = logitsOutput(what, outputs.keySet());
      NDArray logits = outputs.get(logitsName);
      Shape shape = logits.getShape();
      if (shape.dimension() != 2 || shape.get(0) != 2) {
        throw new UserException(
            what
                + ": output '"
                + logitsName
                + "' has shape "
                + shape.slice(1)
                + " per image, not logits (one value per class, "
                + input.classes()
                + " for this dataset); name the logits output with `logits: <output>` (outputs: "
                + outputs.keySet()
                + ")");
      }
      if (shape.get(1) != input.classes()) {
        throw new UserException(
            what
                + ": its logits ('"
                + logitsName
                + "') have "
                + shape.get(1)
                + " classes but the dataset has "
                + input.classes()
                + " classes; use the dataset the teacher was trained for, or a teacher trained"
                + " for these "
                + input.classes()
                + " classes");
      }
      List<String> missing = new ArrayList<>();
      for (String feature : options.features()) {
        if (!outputs.containsKey(feature)) {
          missing.add(feature);
        }
      }
      if (!missing.isEmpty()) {
        throw new UserException(
            what
                + " has no output "
                + String.join(", ", missing.stream().map(m -> "'" + m + "'").toList())
                + " to use as a feature point; its outputs are "
                + outputs.keySet()
                + ". "
                + howToName());
      }
      sampleShapes.clear();
      outputs.forEach((name, array) -> sampleShapes.put(name, array.getShape().slice(1)));
    }
    loaded = true;
  }

  private String logitsOutput(String what, java.util.Set<String> names) {
    if (options.logits() != null) {
      if (!names.contains(options.logits())) {
        throw new UserException(
            what
                + " has no output '"
                + options.logits()
                + "' (the `logits` option); its outputs are "
                + names);
      }
      return options.logits();
    }
    if (names.size() == 1) {
      return names.iterator().next();
    }
    if (names.contains("logits")) {
      return "logits";
    }
    throw new UserException(
        what
            + " has outputs "
            + names
            + " and none is named 'logits': say which holds the logits with `logits: <output>`");
  }

  /** The shapes of the outputs of one image, once loaded. */
  Map<String, Shape> outputShapes() {
    return Map.copyOf(sampleShapes);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    if (!loaded) {
      throw new IllegalStateException(
          format + " model is not loaded yet: run a forward pass first");
    }
    long batch = inputShapes[0].get(0);
    List<Shape> shapes = new ArrayList<>();
    for (String feature : options.features()) {
      shapes.add(new Shape(batch).addAll(sampleShapes.get(feature)));
    }
    shapes.add(new Shape(batch).addAll(sampleShapes.get(logitsName)));
    return shapes.toArray(Shape[]::new);
  }

  /** How to produce the file, for load errors. */
  protected abstract String howToMake();

  /** How to name outputs, for missing feature points. */
  protected abstract String howToName();

  private static String dims(long[] shape) {
    List<String> parts = new ArrayList<>();
    for (long d : shape) {
      parts.add(d <= 0 ? "?" : Long.toString(d));
    }
    return String.join("x", parts);
  }

  /** The most telling line of an engine's message (libtorch's end with the error itself). */
  static String firstLine(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    String best = null;
    for (String line : message.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (best == null || trimmed.contains("Error")) {
        best = trimmed;
      }
    }
    best = best == null ? message : best;
    return best.length() > 300 ? best.substring(0, 300) + "..." : best;
  }
}
