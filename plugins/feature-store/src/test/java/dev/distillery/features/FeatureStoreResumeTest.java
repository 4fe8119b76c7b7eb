package dev.distillery.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store interrupted after some flushed rows and continued from them (rows written after the last
 * checkpoint are cut off) ends byte for byte like one written in one go.
 */
public class FeatureStoreResumeTest {

  private static final FeatureStoreKey KEY =
      new FeatureStoreKey("m", "d", "train", FeatureStoreKey.UNAUGMENTED);

  private static float[] rows(int from, int to) {
    float[] values = new float[(to - from) * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = from * 4 + i + 0.25f;
    }
    return values;
  }

  @Test
  void continuedStoreEqualsUninterruptedOne(@TempDir Path directory) throws Exception {
    Map<String, int[]> shapes = Map.of(FeatureStore.LOGITS, new int[] {4});
    Path straight = directory.resolve("a");
    try (FeatureStoreWriter writer = FeatureStoreWriter.create(straight, KEY, 10, shapes, null)) {
      writer.append(10, Map.of(FeatureStore.LOGITS, rows(0, 10)));
      writer.finish();
    }

    Path interrupted = directory.resolve("b");
    try (FeatureStoreWriter writer =
        FeatureStoreWriter.create(interrupted, KEY, 10, shapes, null)) {
      writer.append(3, Map.of(FeatureStore.LOGITS, rows(0, 3)));
      writer.flush(); // checkpoint: 3 rows
      writer.append(2, Map.of(FeatureStore.LOGITS, new float[8])); // lost with the crash
    }
    assertThat(FeatureStore.exists(interrupted)).isFalse();
    try (FeatureStoreWriter writer =
        FeatureStoreWriter.resume(interrupted, KEY, 10, shapes, null, 3)) {
      assertThat(writer.written()).isEqualTo(3);
      writer.append(7, Map.of(FeatureStore.LOGITS, rows(3, 10)));
      writer.finish();
    }

    assertThat(Files.mismatch(straight.resolve("logits.f32"), interrupted.resolve("logits.f32")))
        .isEqualTo(-1L);
    float[] row = new float[4];
    FeatureStore.open(interrupted).read(FeatureStore.LOGITS, 9, row, 0);
    assertThat(row).containsExactly(Arrays.copyOfRange(rows(0, 10), 36, 40));
  }
}
