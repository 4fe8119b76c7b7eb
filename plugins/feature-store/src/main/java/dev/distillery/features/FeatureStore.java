package dev.distillery.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature store on disk, opened for reading: a model's logits and chosen feature points for every
 * image of one split, computed once by the {@code extract-features} stage, so that later stages
 * read them instead of running the model again.
 *
 * <p>Layout of the store directory:
 *
 * <pre>
 * manifest.json        {@link FeatureStoreManifest}: key, image count, points and their shapes
 * logits.f32           count × classes float32, little-endian, row i = image i of the split
 * &lt;point&gt;.f32         count × product(shape) float32, one file per stored feature point
 * </pre>
 *
 * Files are memory-mapped read-only; {@link #gather} copies the rows of a batch into an NDArray. An
 * open store may be read from several threads.
 */
public final class FeatureStore {

  /** The name under which the logits are stored. */
  public static final String LOGITS = "logits";

  /** The manifest's file name in a store directory. */
  public static final String MANIFEST = "manifest.json";

  /** Most bytes one mapping covers; larger files are mapped in several whole-row segments. */
  static final long SEGMENT_BYTES = 1L << 30;

  private final Path directory;
  private final FeatureStoreManifest manifest;
  private final Map<String, Column> columns = new LinkedHashMap<>();

  private FeatureStore(Path directory, FeatureStoreManifest manifest, long segmentBytes)
      throws IOException {
    this.directory = directory;
    this.manifest = manifest;
    for (FeatureStoreManifest.Point point : manifest.points()) {
      columns.put(point.name(), new Column(point, directory, manifest.count(), segmentBytes));
    }
  }

  /** Whether {@code directory} holds a complete store (its manifest is written last). */
  public static boolean exists(Path directory) {
    return Files.isRegularFile(directory.resolve(MANIFEST));
  }

  /**
   * Opens a complete store; a missing or damaged one is a {@link UserException} that names the
   * directory and says to re-run the stage that wrote it.
   */
  public static FeatureStore open(Path directory) {
    return open(directory, SEGMENT_BYTES);
  }

  static FeatureStore open(Path directory, long segmentBytes) {
    Path file = directory.resolve(MANIFEST);
    try {
      FeatureStoreManifest manifest =
          OptionsMapper.mapper().readValue(file.toFile(), FeatureStoreManifest.class);
      if (!FeatureStoreManifest.FORMAT.equals(manifest.format())
          || manifest.version() != FeatureStoreManifest.VERSION) {
        throw new UserException(
            "'"
                + file
                + "' is not a feature store of format "
                + FeatureStoreManifest.FORMAT
                + " v"
                + FeatureStoreManifest.VERSION
                + " (found "
                + manifest.format()
                + " v"
                + manifest.version()
                + "); re-run the extract-features stage that wrote it");
      }
      return new FeatureStore(directory, manifest, segmentBytes);
    } catch (IOException e) {
      throw new UserException(
          "cannot read the feature store in '"
              + directory
              + "': "
              + e.getMessage()
              + "; re-run the extract-features stage that wrote it",
          e);
    }
  }

  public Path directory() {
    return directory;
  }

  public FeatureStoreManifest manifest() {
    return manifest;
  }

  public FeatureStoreKey key() {
    return manifest.key();
  }

  /** Images stored. */
  public int count() {
    return manifest.count();
  }

  /** Names of the stored outputs, {@link #LOGITS} first. */
  public List<String> points() {
    return new ArrayList<>(columns.keySet());
  }

  public boolean has(String point) {
    return columns.containsKey(point);
  }

  /** The shape of one image's output at a stored point. */
  public Shape shape(String point) {
    return new Shape(toLongs(column(point).point.shape()));
  }

  /**
   * The rows of the given images at a stored point as a float32 array of shape {@code
   * (indices.length, shape...)}, created in {@code manager}.
   */
  public NDArray gather(String point, int[] indices, NDManager manager) {
    Column column = column(point);
    int size = column.size;
    float[] values = new float[Math.multiplyExact(indices.length, size)];
    for (int i = 0; i < indices.length; i++) {
      column.read(indices[i], values, i * size);
    }
    long[] shape = new long[column.point.shape().length + 1];
    shape[0] = indices.length;
    System.arraycopy(toLongs(column.point.shape()), 0, shape, 1, shape.length - 1);
    return manager.create(FloatBuffer.wrap(values), new Shape(shape));
  }

  /** Copies the row of one image at a stored point into {@code target} at {@code offset}. */
  public void read(String point, int index, float[] target, int offset) {
    column(point).read(index, target, offset);
  }

  private Column column(String point) {
    Column column = columns.get(point);
    if (column == null) {
      throw new IllegalArgumentException(
          "the feature store in '"
              + directory
              + "' has no point '"
              + point
              + "'; it has "
              + points());
    }
    return column;
  }

  private static long[] toLongs(int[] values) {
    long[] result = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = values[i];
    }
    return result;
  }

  /** One stored point's file, mapped in segments of whole rows. */
  private static final class Column {
    private final FeatureStoreManifest.Point point;
    private final int size;
    private final int count;
    private final int rowsPerSegment;
    private final FloatBuffer[] segments;

    Column(FeatureStoreManifest.Point point, Path directory, int count, long segmentBytes)
        throws IOException {
      this.point = point;
      this.size = point.size();
      this.count = count;
      long rowBytes = (long) size * Float.BYTES;
      Path file = directory.resolve(point.file());
      long expected = rowBytes * count;
      long actual = Files.size(file);
      if (actual != expected) {
        throw new UserException(
            "feature store file '"
                + file
                + "' has "
                + actual
                + " bytes, expected "
                + expected
                + " ("
                + count
                + " images × "
                + size
                + " float32); re-run the extract-features stage that wrote it");
      }
      this.rowsPerSegment = (int) Math.max(1, Math.min(count, segmentBytes / rowBytes));
      int segmentCount = count == 0 ? 0 : (count + rowsPerSegment - 1) / rowsPerSegment;
      this.segments = new FloatBuffer[segmentCount];
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int s = 0; s < segmentCount; s++) {
          long from = (long) s * rowsPerSegment * rowBytes;
          long length = Math.min(rowsPerSegment * rowBytes, expected - from);
          segments[s] =
              channel
                  .map(FileChannel.MapMode.READ_ONLY, from, length)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .asFloatBuffer();
        }
      }
    }

    void read(int index, float[] target, int offset) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException(
            "image "
                + index
                + " is outside the feature store's "
                + count
                + " rows of point "
                + point.name());
      }
      segments[index / rowsPerSegment].get((index % rowsPerSegment) * size, target, offset, size);
    }
  }
}
