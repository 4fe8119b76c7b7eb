package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Evaluate's repeated-seed statistics equal SciPy's on the same accuracies: mean, sample standard
 * deviation, Welch's t, its degrees of freedom and two-sided p-value, and the confidence interval
 * of the difference (golden file from {@code src/test/python/make_statistics_golden.py}).
 */
class SeedStatisticsTest {

  @Test
  void welchTestAndIntervalEqualScipy() throws IOException {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/statistics.json")) {
      golden = OptionsMapper.mapper().readTree(in);
    }
    assertThat(golden.get("cases")).hasSize(8);
    for (JsonNode c : golden.get("cases")) {
      double[] x = values(c.get("x"));
      double[] y = values(c.get("y"));
      SeedStatistics.Difference difference =
          SeedStatistics.difference(x, y, c.get("confidence").asDouble());
      String name = "case x=" + c.get("x") + " y=" + c.get("y");
      assertThat(SeedStatistics.mean(x))
          .as(name)
          .isCloseTo(c.get("meanX").asDouble(), within(1e-12));
      assertThat(SeedStatistics.standardDeviation(x))
          .as(name)
          .isCloseTo(c.get("sdX").asDouble(), within(1e-12));
      assertThat(difference.points())
          .as(name)
          .isCloseTo(c.get("difference").asDouble(), within(1e-12));
      assertThat(difference.t()).as(name).isCloseTo(c.get("t").asDouble(), within(1e-9));
      assertThat(difference.degreesOfFreedom())
          .as(name)
          .isCloseTo(c.get("df").asDouble(), within(1e-9));
      assertThat(difference.pValue()).as(name).isCloseTo(c.get("p").asDouble(), within(1e-9));
      assertThat(difference.low()).as(name).isCloseTo(c.get("low").asDouble(), within(1e-9));
      assertThat(difference.high()).as(name).isCloseTo(c.get("high").asDouble(), within(1e-9));
      boolean confidenceExcludesZero = c.get("low").asDouble() > 0 || c.get("high").asDouble() < 0;
      assertThat(difference.resolved()).as(name).isEqualTo(confidenceExcludesZero);
    }
  }

  @Test
  void aSideWithOneRunOrNoSpreadIsUntested() {
    SeedStatistics.Difference single =
        SeedStatistics.difference(new double[] {0.9}, new double[] {0.8, 0.82}, 0.95);
    assertThat(single.points()).isCloseTo(0.09, within(1e-12));
    assertThat(single.tested()).isFalse();
    assertThat(single.resolved()).isFalse();
    SeedStatistics.Difference flat =
        SeedStatistics.difference(new double[] {0.9, 0.9}, new double[] {0.8, 0.8}, 0.95);
    assertThat(flat.tested()).isFalse();
    assertThat(SeedStatistics.standardDeviation(new double[] {0.9})).isNaN();
  }

  private static double[] values(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .mapToDouble(JsonNode::asDouble)
        .toArray();
  }
}
