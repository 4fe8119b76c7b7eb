package dev.distillery.features;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is appended batch by batch is read back exactly, for any images in any order, also when a
 * file spans several mappings; the files are raw little-endian float32 rows described by the
 * manifest.
 */
public class FeatureStoreRoundTripTest {

  private static final FeatureStoreKey KEY =
      new FeatureStoreKey("model-digest", "data-digest", "train", FeatureStoreKey.UNAUGMENTED);

  @Test
  void storedRowsComeBackExactly(@TempDir Path directory) throws Exception {
    int count = 23;
    SplittableRandom random = new SplittableRandom(5);
    float[] logits = new float[count * 10];
    float[] conv = new float[count * 3 * 2 * 2];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < conv.length; i++) {
      conv[i] = (float) random.nextGaussian();
    }
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put(FeatureStore.LOGITS, new int[] {10});
    shapes.put("conv2.pre", new int[] {3, 2, 2});
    Path store = directory.resolve("features");
    try (FeatureStoreWriter writer =
        FeatureStoreWriter.create(store, KEY, count, shapes, Map.of("model-stage", "teacher"))) {
      for (int from = 0; from < count; from += 7) {
        int to = Math.min(from + 7, count);
        writer.append(
            to - from,
            Map.of(
                FeatureStore.LOGITS,
                java.util.Arrays.copyOfRange(logits, from * 10, to * 10),
                "conv2.pre",
                java.util.Arrays.copyOfRange(conv, from * 12, to * 12)));
      }
      assertThat(FeatureStore.exists(store)).as("complete before finish").isFalse();
      writer.finish();
    }

    // a segment of 5 rows (60 bytes) of conv2.pre: rows cross mapping boundaries
    FeatureStore reader = FeatureStore.open(store, 5 * 12 * Float.BYTES);
    assertThat(reader.key()).isEqualTo(KEY);
    assertThat(reader.count()).isEqualTo(count);
    assertThat(reader.points()).containsExactly("logits", "conv2.pre");
    assertThat(reader.shape("conv2.pre")).isEqualTo(new Shape(3, 2, 2));
    assertThat(reader.manifest().info()).containsEntry("model-stage", "teacher");

    int[] indices = {22, 0, 5, 6, 13, 5};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray gathered = reader.gather("conv2.pre", indices, manager);
      assertThat(gathered.getShape()).isEqualTo(new Shape(6, 3, 2, 2));
      float[] values = gathered.toFloatArray();
      NDArray gatheredLogits = reader.gather(FeatureStore.LOGITS, indices, manager);
      float[] logitValues = gatheredLogits.toFloatArray();
      for (int i = 0; i < indices.length; i++) {
        for (int j = 0; j < 12; j++) {
          assertThat(values[i * 12 + j]).isEqualTo(conv[indices[i] * 12 + j]);
        }
        for (int j = 0; j < 10; j++) {
          assertThat(logitValues[i * 10 + j]).isEqualTo(logits[indices[i] * 10 + j]);
        }
      }
    }

    // the raw file: row 4 of the logits at byte 4 * 10 * 4, little-endian float32
    ByteBuffer raw =
        ByteBuffer.wrap(Files.readAllBytes(store.resolve("logits.f32")))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(raw.capacity()).isEqualTo(count * 10 * Float.BYTES);
    assertThat(raw.getFloat(4 * 10 * Float.BYTES + 3 * Float.BYTES)).isEqualTo(logits[43]);
    assertThat(Files.readString(store.resolve(FeatureStore.MANIFEST)))
        .contains("\"format\" : \"distillery-feature-store\"")
        .contains("\"file\" : \"conv2.pre.f32\"");
  }
}
