package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The Fréchet distance equals pytorch-fid's {@code calculate_frechet_distance} (numpy statistics,
 * scipy's {@code sqrtm}) on the same features, {@code src/test/python/make_frechet_golden.py}:
 * within 1e-6 relative to the traces involved, on Gaussians, correlated and shifted ones, different
 * scales, and ReLU features with a near-singular covariance; identical sets are 0 apart.
 */
class FrechetDistanceTest {

  private static float[] data(JsonNode node) {
    float[] values = new float[node.get("data").size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) node.get("data").get(i).asDouble();
    }
    return values;
  }

  @Test
  void distancesMatchPytorchFidWithScipy() throws IOException {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/frechet.json")) {
      golden = OptionsMapper.mapper().readTree(in);
    }
    assertThat(golden.get("cases")).hasSize(5);
    for (JsonNode c : golden.get("cases")) {
      int dimension = c.get("dimension").asInt();
      FrechetDistance.Gaussian a =
          FrechetDistance.Gaussian.fit(data(c.get("a")), c.get("a").get("rows").asInt(), dimension);
      FrechetDistance.Gaussian b =
          FrechetDistance.Gaussian.fit(data(c.get("b")), c.get("b").get("rows").asInt(), dimension);
      double scale =
          org.ejml.dense.row.CommonOps_DDRM.trace(a.covariance())
              + org.ejml.dense.row.CommonOps_DDRM.trace(b.covariance());
      double expected = c.get("distance").asDouble();
      double actual = FrechetDistance.between(a, b);
      System.out.printf(
          "%-24s distance %.9f, scipy %.9f, difference %.2e of the traces %.2f%n",
          c.get("name").asText(), actual, expected, Math.abs(actual - expected), scale);
      assertThat(actual).as(c.get("name").asText()).isCloseTo(expected, within(1e-6 * scale));
      assertThat(FrechetDistance.between(b, a))
          .as("symmetric, " + c.get("name").asText())
          .isCloseTo(actual, within(1e-6 * scale));
    }
  }
}
