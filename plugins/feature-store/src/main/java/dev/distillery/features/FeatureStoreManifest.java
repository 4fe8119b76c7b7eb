package dev.distillery.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a feature store: what the raw files hold. It is written last, so a store
 * without a manifest is incomplete.
 *
 * @param format always {@link #FORMAT}
 * @param version the layout version, {@link #VERSION}
 * @param key what the contents depend on; readers compare it with their own
 * @param count images stored (rows of every file)
 * @param points the stored outputs, {@code logits} first, each in its own file
 * @param info where the outputs came from, for people: model stage and architecture, dataset id and
 *     fingerprint, batch size, device
 */
public record FeatureStoreManifest(
    String format,
    int version,
    FeatureStoreKey key,
    int count,
    List<Point> points,
    Map<String, Object> info) {

  public static final String FORMAT = "distillery-feature-store";
  public static final int VERSION = 1;

  /**
   * One stored output: {@code file} holds {@code count} rows of {@code product(shape)} float32
   * values, little-endian, row {@code i} being image {@code i} of the split.
   *
   * @param name the feature point, or {@link FeatureStore#LOGITS}
   * @param shape the shape of one image's output, e.g. {@code [16, 5, 5]} or {@code [10]}
   * @param file the file name, relative to the store directory
   */
  public record Point(String name, int[] shape, String file) {

    /** Values per image. */
    public int size() {
      int size = 1;
      for (int dimension : shape) {
        size = Math.multiplyExact(size, dimension);
      }
      return size;
    }
  }

  public FeatureStoreManifest {
    points = List.copyOf(points);
    info = info == null ? Map.of() : new LinkedHashMap<>(info);
  }
}
