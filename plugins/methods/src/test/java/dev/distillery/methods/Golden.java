package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.InputStream;

/** Reads golden files written by src/test/python/make_golden.py and compares with them. */
final class Golden {

  /** Relative tolerance for float32 results against PyTorch. */
  static final double RELATIVE = 1e-4;

  /** Absolute floor for entries near zero (gradients of nearly-equal probabilities). */
  static final double ABSOLUTE = 1e-6;

  private Golden() {}

  static JsonNode cases(String method) throws IOException {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + method + ".json")) {
      assertThat(in).as("golden file for " + method).isNotNull();
      return OptionsMapper.mapper().readTree(in).path("cases");
    }
  }

  static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  /** |actual − expected| ≤ max(RELATIVE·|expected|, ABSOLUTE) for every entry. */
  static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what + " length").hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = Math.max(RELATIVE * Math.abs(expected[i]), ABSOLUTE);
      assertThat((double) actual[i])
          .as("%s[%d]: expected %s, got %s", what, i, expected[i], actual[i])
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
    }
  }
}
