package dev.distillery.methods.pkt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.testkit.Closeness;
import dev.distillery.testkit.FeatureGoldenCheck;
import org.junit.jupiter.api.Test;

/**
 * The pkt loss and its gradients with respect to the student features match RepDistiller's
 * reference on the cases of {@code golden/pkt.json} (made by {@code make_golden.py}), every value
 * within {@link Closeness}'s tolerance (relative 1e-4); the figures of each case are printed.
 */
public class PktGoldenTest {

  @Test
  void lossAndGradientMatchTheReference() throws Exception {
    assertThat(FeatureGoldenCheck.run(new PktMethod(), 3)).isEmpty();
  }
}
