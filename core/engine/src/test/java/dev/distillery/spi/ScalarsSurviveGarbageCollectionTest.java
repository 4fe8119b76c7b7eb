package dev.distillery.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.distillery.training.ThreadGradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Gradients through {@link Scalars} are right even when the garbage collector runs between the
 * forward and the backward pass (DJL's own {@code x.mul(3f)} frees the scalar's buffer that
 * autograd still reads).
 */
class ScalarsSurviveGarbageCollectionTest {

  @Test
  void gradientsReadTheScalarsAfterACollection() {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int trial = 0; trial < 10; trial++) {
        try (NDManager step = manager.newSubManager()) {
          NDArray x = step.create(new float[] {1f, 2f, 4f});
          x.setRequiresGradient(true);
          try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
            NDArray y =
                Scalars.atMost(
                    Scalars.atLeast(
                        Scalars.power(Scalars.divided(Scalars.times(x, 3.0), 2.0), 2.0), 0.5),
                    20.0);
            for (int i = 0; i < 5; i++) {
              byte[][] garbage = new byte[2000][];
              for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[1024];
              }
              System.gc();
            }
            collector.backward(y.sum());
          }
          // y = min(max((1.5x)^2, 0.5), 20): dy/dx = 4.5x where 0.5 < (1.5x)^2 < 20, else 0
          assertThat(x.getGradient().toFloatArray()).containsExactly(4.5f, 9f, 0f);
        }
      }
    }
  }
}
