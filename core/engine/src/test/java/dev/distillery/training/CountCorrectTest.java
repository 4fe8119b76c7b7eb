package dev.distillery.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** countCorrect counts the rows whose argmax is the label, and frees its temporaries. */
class CountCorrectTest {

  @Test
  void countsArgmaxHits() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits =
          manager.create(
              new float[] {
                0.1f, 0.9f, 0.0f, // argmax 1
                2.0f, 1.0f, 0.0f, // argmax 0
                0.0f, 0.0f, 5.0f, // argmax 2
                3.0f, 4.0f, 1.0f, // argmax 1
                -1f, -2f, -0.5f // argmax 2
              },
              new Shape(5, 3));
      NDArray labels = manager.create(new int[] {1, 1, 2, 1, 0});
      int arrays = manager.getManagedArrays().size();

      assertThat(CrossEntropyLoss.countCorrect(logits, labels)).isEqualTo(3);
      assertThat(manager.getManagedArrays()).hasSize(arrays);
    }
  }
}
