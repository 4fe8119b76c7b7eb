package dev.distillery.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.Golden;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The epoch order is a permutation fixed by (seed, epoch, n), pinned to the values of an
 * independent Python implementation (make_optim_golden.py) so that a change of algorithm, which
 * would break resuming old checkpoints, fails here.
 */
class EpochOrderTest {

  @Test
  void isASeededPermutation() {
    int[] order = EpochOrder.permutation(42, 3, 1000);
    assertThat(Arrays.stream(order).sorted().toArray())
        .containsExactly(IntStream.range(0, 1000).toArray());
    assertThat(EpochOrder.permutation(42, 3, 1000)).containsExactly(order);
    assertThat(EpochOrder.permutation(42, 4, 1000)).isNotEqualTo(order);
    assertThat(EpochOrder.permutation(43, 3, 1000)).isNotEqualTo(order);
    assertThat(EpochOrder.permutation(42, 0, 0)).isEmpty();
  }

  @Test
  void matchesTheIndependentPythonImplementation() {
    JsonNode golden = Golden.optim().get("epoch_order");
    assertThat(
            EpochOrder.permutation(
                golden.get("seed").asLong(), golden.get("epoch").asInt(), golden.get("n").asInt()))
        .containsExactly(ints(golden.get("order")));
    assertThat(
            EpochOrder.permutation(
                golden.get("seed2").asLong(),
                golden.get("epoch2").asInt(),
                golden.get("n2").asInt()))
        .containsExactly(ints(golden.get("order2")));
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
