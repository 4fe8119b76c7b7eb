package dev.distillery.features;

import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a {@link FeatureStore}: rows are appended batch by batch in split order, then {@link
 * #finish} writes the manifest, which marks the store complete. A writer can continue a store
 * interrupted after {@link #written()} rows ({@link #resume}).
 *
 * <pre>
 * try (FeatureStoreWriter writer = FeatureStoreWriter.create(dir, key, count, points, info)) {
 *   writer.append(batchSize, Map.of("logits", logits, "layer2", layer2));   // repeated
 *   FeatureStore store = writer.finish();
 * }
 * </pre>
 */
public final class FeatureStoreWriter implements AutoCloseable {

  private final Path directory;
  private final FeatureStoreKey key;
  private final int count;
  private final List<FeatureStoreManifest.Point> points;
  private final Map<String, Object> info;
  private final Map<String, FileChannel> channels = new LinkedHashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private int written;
  private boolean finished;

  private FeatureStoreWriter(
      Path directory,
      FeatureStoreKey key,
      int count,
      Map<String, int[]> shapes,
      Map<String, Object> info,
      int written)
      throws IOException {
    this.directory = directory;
    this.key = Objects.requireNonNull(key, "key is null");
    this.count = count;
    this.info = info == null ? Map.of() : new LinkedHashMap<>(info);
    this.written = written;
    List<FeatureStoreManifest.Point> list = new ArrayList<>();
    Files.createDirectories(directory);
    Files.deleteIfExists(directory.resolve(FeatureStore.MANIFEST));
    try {
      for (var entry : shapes.entrySet()) {
        FeatureStoreManifest.Point point =
            new FeatureStoreManifest.Point(
                entry.getKey(), entry.getValue().clone(), fileName(entry.getKey()));
        list.add(point);
        FileChannel channel =
            FileChannel.open(
                directory.resolve(point.file()),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        channels.put(point.name(), channel);
        long bytes = (long) written * point.size() * Float.BYTES;
        if (channel.size() < bytes) {
          throw new IOException(
              point.file() + " holds fewer than the " + written + " rows to continue from");
        }
        channel.truncate(bytes);
        channel.position(bytes);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.points = List.copyOf(list);
  }

  /**
   * Starts a new store in {@code directory}, replacing any store there.
   *
   * @param directory the store directory (created if missing)
   * @param key what the contents depend on
   * @param count the images that will be appended
   * @param shapes per stored point (logits first, under {@link FeatureStore#LOGITS}), the shape of
   *     one image's output, in the order of the manifest
   * @param info free-form provenance for the manifest
   */
  public static FeatureStoreWriter create(
      Path directory,
      FeatureStoreKey key,
      int count,
      Map<String, int[]> shapes,
      Map<String, Object> info) {
    return resume(directory, key, count, shapes, info, 0);
  }

  /**
   * Continues a store of which the first {@code written} rows of every file were written (and
   * flushed) before an interruption; rows after them are cut off.
   */
  public static FeatureStoreWriter resume(
      Path directory,
      FeatureStoreKey key,
      int count,
      Map<String, int[]> shapes,
      Map<String, Object> info,
      int written) {
    if (written < 0 || written > count) {
      throw new IllegalArgumentException("written " + written + " is outside 0.." + count);
    }
    try {
      return new FeatureStoreWriter(directory, key, count, shapes, info, written);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a feature store in " + directory, e);
    }
  }

  /** The file name of a point: its name with characters other than letters, digits, . - _ as _. */
  static String fileName(String point) {
    return point.replaceAll("[^A-Za-z0-9._-]", "_") + ".f32";
  }

  /** Rows written so far. */
  public int written() {
    return written;
  }

  /** The stored points, logits first. */
  public List<FeatureStoreManifest.Point> points() {
    return points;
  }

  /**
   * Appends the outputs of the next {@code images} images: for every stored point, {@code images ×
   * product(shape)} values in row order.
   */
  public void append(int images, Map<String, float[]> values) {
    if (finished) {
      throw new IllegalStateException("the feature store is finished");
    }
    if (written + images > count) {
      throw new IllegalArgumentException(
          "appending " + images + " rows to " + written + " would exceed the " + count + " images");
    }
    for (FeatureStoreManifest.Point point : points) {
      float[] rows = values.get(point.name());
      if (rows == null || rows.length != images * point.size()) {
        throw new IllegalArgumentException(
            "point '"
                + point.name()
                + "' needs "
                + images * point.size()
                + " values for "
                + images
                + " images, got "
                + (rows == null ? "none" : rows.length));
      }
    }
    try {
      for (FeatureStoreManifest.Point point : points) {
        write(channels.get(point.name()), values.get(point.name()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the feature store in " + directory, e);
    }
    written += images;
  }

  /** Forces the rows written so far to disk, so that {@link #written()} may be checkpointed. */
  public void flush() {
    try {
      for (FileChannel channel : channels.values()) {
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush the feature store in " + directory, e);
    }
  }

  /** Writes the manifest once every image is in, and opens the store for reading. */
  public FeatureStore finish() {
    if (written != count) {
      throw new IllegalStateException(
          "the feature store holds " + written + " of " + count + " images");
    }
    flush();
    close();
    FeatureStoreManifest manifest =
        new FeatureStoreManifest(
            FeatureStoreManifest.FORMAT, FeatureStoreManifest.VERSION, key, count, points, info);
    Path file = directory.resolve(FeatureStore.MANIFEST);
    Path temporary = directory.resolve(FeatureStore.MANIFEST + ".tmp");
    try {
      OptionsMapper.mapper().writeValue(temporary.toFile(), manifest);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    finished = true;
    return FeatureStore.open(directory);
  }

  private void write(FileChannel channel, float[] values) throws IOException {
    for (int from = 0; from < values.length; ) {
      int n = Math.min(buffer.capacity() / Float.BYTES, values.length - from);
      buffer.clear();
      buffer.asFloatBuffer().put(values, from, n);
      buffer.limit(n * Float.BYTES);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      from += n;
    }
  }

  @Override
  public void close() {
    for (FileChannel channel : channels.values()) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing after a failure: the first error is the one reported
      }
    }
  }
}
