package dev.distillery.spi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A {@code Double} from a plugin's options used through {@link Scalars} keeps a float32 loss
 * float32, scalar or not (DJL's own {@code x.mul(Double)} makes a float32 scalar float64).
 */
class ScalarsKeepFloat32Test {

  private static final Double FROM_OPTIONS = 0.9;

  @Test
  void aDoubleOptionKeepsFloat32() {
    List<BiFunction<NDArray, Double, NDArray>> operations =
        List.of(
            Scalars::times, Scalars::divided, Scalars::power, Scalars::atLeast, Scalars::atMost);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray scalar = manager.create(2f);
      NDArray matrix = manager.create(new float[] {1f, 2f, 3f, 4f}).reshape(2, 2);
      assertThat(scalar.mul(FROM_OPTIONS).getDataType())
          .as("DJL's own multiplication by a Double")
          .isEqualTo(DataType.FLOAT64);
      for (BiFunction<NDArray, Double, NDArray> operation : operations) {
        assertThat(operation.apply(scalar, FROM_OPTIONS).getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(operation.apply(matrix, FROM_OPTIONS).getDataType()).isEqualTo(DataType.FLOAT32);
      }
      assertThat(Scalars.of(scalar, FROM_OPTIONS).getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(Scalars.times(scalar, FROM_OPTIONS).getFloat()).isEqualTo(1.8f);
    }
  }
}
