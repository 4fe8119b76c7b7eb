package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.testing.Closeness;
import org.junit.jupiter.api.Test;

/**
 * The at loss and its gradients with respect to the student features match RepDistiller's reference
 * on the cases of {@code golden/at.json} (made by {@code make_golden.py}), every value within
 * {@link Closeness}'s tolerance (relative 1e-4); the figures of each case are printed.
 */
class AtGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    assertThat(FeatureGoldenCheck.run(new AttentionTransferMethod(), 5)).isEmpty();
  }
}
