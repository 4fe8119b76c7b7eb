package dev.distillery.datasets;

import dev.distillery.spi.DatasetPlugin;
import dev.distillery.spi.DatasetRequest;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.ImagePreprocessing;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dataset of grey images in the four IDX files of the MNIST layout ({@code train-images}, {@code
 * train-labels}, {@code t10k-images}, {@code t10k-labels}), found on the search path with {@link
 * IdxFileSet#find}. Images are normalised with the dataset's mean and standard deviation and
 * zero-padded to {@link IdxDatasetOptions#padTo()}.
 */
public abstract class IdxDataset implements DatasetPlugin<IdxDatasetOptions> {

  private final String id;
  private final String description;
  private final List<String> classNames;
  private final float mean;
  private final float std;

  protected IdxDataset(
      String id, String description, List<String> classNames, float mean, float std) {
    this.id = Objects.requireNonNull(id, "id is null");
    this.description = Objects.requireNonNull(description, "description is null");
    this.classNames = List.copyOf(classNames);
    this.mean = mean;
    this.std = std;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Class<IdxDatasetOptions> optionsType() {
    return IdxDatasetOptions.class;
  }

  /** The class names, in label order. */
  public final List<String> classNames() {
    return classNames;
  }

  /** The mean of the pixels scaled to [0, 1] over the training set. */
  public final float mean() {
    return mean;
  }

  /** The standard deviation of the pixels scaled to [0, 1] over the training set. */
  public final float std() {
    return std;
  }

  /** How to provide the files; the last lines of the message when they are not found. */
  protected abstract String howToProvideFiles();

  @Override
  public DatasetSource open(IdxDatasetOptions options, DatasetRequest request) throws IOException {
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(request, "request is null");
    return load(IdxFileSet.find(id, request.searchPath(), howToProvideFiles()), options);
  }

  /**
   * Loads the given files, bypassing the search. The test split and the file digests are computed
   * on a background thread while this thread converts the training split.
   */
  public DatasetSource load(IdxFileSet files, IdxDatasetOptions options) throws IOException {
    Objects.requireNonNull(files, "files is null");
    Objects.requireNonNull(options, "options is null");
    List<RawFile> raw = new ArrayList<>();
    for (Path file : files.files()) {
      raw.add(RawFile.read(file));
    }
    int side = options.padTo();
    float[] lookup = pixelLookup(options.normalize());
    ExecutorService background =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "dataset-" + id + "-loader");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<Loaded> testFuture =
          background.submit(() -> loadSplit(raw.get(2), raw.get(3), lookup, side));
      Future<List<String>> digestsFuture =
          background.submit(() -> raw.stream().map(RawFile::digest).toList());
      Loaded loadedTrain = loadSplit(raw.get(0), raw.get(1), lookup, side);
      ImageSplit train = loadedTrain.split();
      ImageSplit test = await(testFuture).split();
      if (train.height() != test.height() || train.width() != test.width()) {
        throw new UserException(
            "dataset '"
                + id
                + "': the training images in '"
                + files.trainImages()
                + "' and the test images in '"
                + files.testImages()
                + "' have different sizes; the files come from different datasets, replace them"
                + " with a matching set");
      }
      List<String> parts = new ArrayList<>(List.of("idx-dataset-v1", id));
      parts.addAll(await(digestsFuture));
      parts.addAll(
          List.of(
              "pad-to=" + side, "normalize=" + options.normalize(), "mean=" + mean, "std=" + std));
      return new DatasetSource(
          id,
          new ModelInput(1, side, side, classNames.size()),
          classNames,
          train,
          test,
          Sha256.fingerprint(String.join("|", parts)),
          null,
          new ImagePreprocessing(
              1,
              loadedTrain.rows(),
              loadedTrain.columns(),
              side,
              side,
              List.of(options.normalize() ? (double) mean : 0.0),
              List.of(options.normalize() ? (double) std : 1.0)));
    } finally {
      background.shutdownNow();
    }
  }

  /** A converted split and the size of its images before padding. */
  private record Loaded(ImageSplit split, int rows, int columns) {}

  private Loaded loadSplit(RawFile imagesFile, RawFile labelsFile, float[] lookup, int side) {
    IdxImages images = IdxReader.parseImages(imagesFile.path, imagesFile.bytes);
    if (side < images.rows() || side < images.columns()) {
      throw new UserException(
          "dataset '"
              + id
              + "' option pad-to is "
              + side
              + " but the images are "
              + images.rows()
              + "x"
              + images.columns()
              + "; use pad-to: "
              + Math.max(images.rows(), images.columns())
              + " for no padding or a larger value");
    }
    if ((long) images.count() * side * side > Integer.MAX_VALUE - 8) {
      throw new UserException(
          "dataset '"
              + id
              + "' option pad-to is "
              + side
              + ": "
              + images.count()
              + " images of "
              + side
              + "x"
              + side
              + " are more values than a Java array holds; use a smaller pad-to such as 32");
    }
    int[] labels = labels(imagesFile.path, images, labelsFile);
    return new Loaded(split(images, labels, lookup, side), images.rows(), images.columns());
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while loading a dataset");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause);
    }
  }

  /** The value of each byte 0..255 after scaling and optional normalisation. */
  private float[] pixelLookup(boolean normalize) {
    float[] lookup = new float[256];
    for (int value = 0; value < 256; value++) {
      float scaled = value / 255f;
      lookup[value] = normalize ? (scaled - mean) / std : scaled;
    }
    return lookup;
  }

  private int[] labels(Path imagesFile, IdxImages images, RawFile labelsRaw) {
    Path labelsFile = labelsRaw.path;
    byte[] bytes = IdxReader.parseLabels(labelsFile, labelsRaw.bytes);
    if (bytes.length != images.count()) {
      throw new UserException(
          "dataset '"
              + id
              + "': '"
              + imagesFile
              + "' holds "
              + images.count()
              + " images but '"
              + labelsFile
              + "' holds "
              + bytes.length
              + " labels; the two files do not belong together, replace them with a matching pair");
    }
    int[] labels = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int label = bytes[i] & 0xff;
      if (label >= classNames.size()) {
        throw new UserException(
            "dataset '"
                + id
                + "': label file '"
                + labelsFile
                + "' holds label "
                + label
                + " at index "
                + i
                + " but the dataset has "
                + classNames.size()
                + " classes (0 to "
                + (classNames.size() - 1)
                + "); is it the label file of another dataset?");
      }
      labels[i] = label;
    }
    return labels;
  }

  /** Converts raw images to float CHW, centred in a {@code side x side} zero border. */
  static ImageSplit split(IdxImages images, int[] labels, float[] lookup, int side) {
    int rows = images.rows();
    int columns = images.columns();
    int top = (side - rows) / 2;
    int left = (side - columns) / 2;
    int outSize = side * side;
    byte[] pixels = images.pixels();
    float[] out = new float[images.count() * outSize];
    int src = 0;
    for (int image = 0; image < images.count(); image++) {
      int rowStart = image * outSize + top * side + left;
      for (int row = 0; row < rows; row++) {
        int dst = rowStart + row * side;
        for (int column = 0; column < columns; column++) {
          out[dst + column] = lookup[pixels[src++] & 0xff];
        }
      }
    }
    return new ImageSplit(out, labels, 1, side, side);
  }

  /** A file's bytes as stored, and their digest on demand. */
  private static final class RawFile {
    final Path path;
    final BasicFileAttributes attributes;
    final byte[] bytes;

    private RawFile(Path path, BasicFileAttributes attributes, byte[] bytes) {
      this.path = path;
      this.attributes = attributes;
      this.bytes = bytes;
    }

    static RawFile read(Path file) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new RawFile(file, attributes, Files.readAllBytes(file));
    }

    String digest() {
      return Sha256.ofFile(path, attributes, bytes);
    }
  }
}
