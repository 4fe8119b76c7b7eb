package dev.distillery.methods.ofd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * OFD's margin equals overhaul-distillation's {@code get_margin_from_BN} (values from the reference
 * formula with scipy 1.10's {@code norm.cdf}): E[x | x < 0] for x ~ N(β, γ²) using |γ|, and −3|γ|
 * where Φ(−β/|γ|) ≤ 0.001, to 1e-10 relative; the normal distribution function matches scipy's to
 * 1e-12 relative; γ = 0 gives the formula's limit.
 */
public class OfdMarginTest {

  @Test
  void marginsMatchTheReference() {
    // gamma, beta, get_margin_from_BN
    double[][] cases = {
      {1, 0, -0.7978845608028654},
      {-2, 0.5, -1.4271079588328082},
      {0.5, -1, -1.027623931339495},
      {1, 3.0, -0.28309865493043995}, // Φ(−3) = 0.00135 > 0.001: the formula
      {1, 3.2, -3}, // Φ(−3.2) = 0.00069: −3 s
      {2, 7, -6},
      {0.1, -5, -5.0},
    };
    for (double[] c : cases) {
      assertThat(OfdMargin.margin(c[0], c[1]))
          .as("gamma %s beta %s", c[0], c[1])
          .isCloseTo(c[2], within(1e-10 * Math.abs(c[2])));
    }
    assertThat(OfdMargin.of(new float[] {1f, -2f}, new float[] {0f, 0.5f}))
        .containsExactly((float) -0.7978845608028654, (float) -1.4271079588328082);
  }

  @Test
  void normalDistributionFunctionMatchesScipy() {
    double[][] cases = {
      {-8.5, 9.47953482220325e-18},
      {-5, 2.866515718791933e-07},
      {-3.09, 0.0010007824766140115},
      {-1, 0.15865525393145707},
      {0, 0.5},
      {0.5, 0.6914624612740131},
      {2, 0.9772498680518208},
      {6, 0.9999999990134123},
    };
    for (double[] c : cases) {
      assertThat(OfdMargin.normalCdf(c[0]))
          .as("Φ(%s)", c[0])
          .isCloseTo(c[1], within(1e-12 * c[1] + 1e-15));
    }
    assertThat(OfdMargin.normalCdf(-40)).isZero();
    assertThat(OfdMargin.normalCdf(40)).isEqualTo(1.0);
  }

  @Test
  void zeroGammaTakesTheLimit() {
    assertThat(OfdMargin.margin(0, -1.5)).isEqualTo(-1.5);
    assertThat(OfdMargin.margin(0, 2)).isZero();
    assertThat(OfdMargin.margin(-0.0, 0)).isZero();
  }
}
