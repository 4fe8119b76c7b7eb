package dev.distillery.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The golden values made by {@code core/engine/src/test/python/make_optim_golden.py} with PyTorch,
 * in {@code golden/optim.json}.
 */
public final class Golden {

  private static JsonNode root;

  private Golden() {}

  public static synchronized JsonNode optim() {
    if (root == null) {
      try (InputStream in = Golden.class.getResourceAsStream("/golden/optim.json")) {
        if (in == null) {
          throw new IllegalStateException("golden/optim.json is not on the test classpath");
        }
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  public static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  public static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  /** The largest {@code |actual - expected| / max(|expected|, 1e-3)}. */
  public static double maxRelativeError(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError(actual.length + " values, expected " + expected.length);
    }
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      double error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3);
      worst = Math.max(worst, Double.isNaN(error) ? Double.POSITIVE_INFINITY : error);
    }
    return worst;
  }
}
