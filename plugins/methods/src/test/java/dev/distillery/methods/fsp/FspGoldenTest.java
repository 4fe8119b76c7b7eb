package dev.distillery.methods.fsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureGoldenCheck;
import org.junit.jupiter.api.Test;

/**
 * The fsp loss and its gradients with respect to the student features match RepDistiller's {@code
 * FSP} (summed over pairs as its init phase does) on the cases of {@code golden/fsp.json}, every
 * value within {@link Closeness}'s tolerance (relative 1e-4); the figures of each case are printed.
 */
public class FspGoldenTest {

  @Test
  void lossAndGradientsMatchTheReference() throws Exception {
    assertThat(FeatureGoldenCheck.run(new FspMethod(), 5)).isEmpty();
  }
}
