package dev.distillery.methods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.methods.mgd.MgdOptions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Kuhn-Munkres assignment (JGraphT) reaches the brute-force optimum on random 6 × 6 matrices;
 * sm gives each student channel a distinct teacher channel (C_t &gt; C_s), amp/rd give each ⌊C_t /
 * C_s⌋ distinct ones among the first ⌊C_t / C_s⌋·C_s (the rest shaved), ascending; a 32 × 128 amp
 * matching (a resnet8x4-like layer pair) is solved, its time printed.
 */
public class ChannelMatchingTest {

  @Test
  void assignmentIsOptimalAndGroupsHaveTheReferenceStructure() {
    Random random = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      double[][] cost = randomMatrix(random, 6, 6);
      int[] assignment = ChannelMatching.minimumCostAssignment(cost);
      assertThat(total(cost, assignment)).isCloseTo(bruteForce(cost), within());
      assertThat(Arrays.stream(assignment).distinct().count()).isEqualTo(6);
    }

    double[][] cost = randomMatrix(random, 3, 8);
    int[][] sm = ChannelMatching.solve(cost, MgdOptions.Reducer.SM);
    assertThat(sm).hasDimensions(3, 1);
    assertThat(distinct(sm)).hasSize(3);
    // sm's optimum over all injective choices of 3 of the 8 columns
    double best = Double.MAX_VALUE;
    for (int a = 0; a < 8; a++) {
      for (int b = 0; b < 8; b++) {
        for (int c = 0; c < 8; c++) {
          if (a != b && b != c && a != c) {
            best = Math.min(best, cost[0][a] + cost[1][b] + cost[2][c]);
          }
        }
      }
    }
    assertThat(cost[0][sm[0][0]] + cost[1][sm[1][0]] + cost[2][sm[2][0]]).isCloseTo(best, within());

    int[][] amp = ChannelMatching.solve(cost, MgdOptions.Reducer.AMP);
    assertThat(amp).hasDimensions(3, 2);
    assertThat(distinct(amp)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    for (int[] group : amp) {
      assertThat(group).isSorted();
    }

    double[][] large = randomMatrix(random, 32, 128);
    long start = System.nanoTime();
    int[][] groups = ChannelMatching.solve(large, MgdOptions.Reducer.AMP);
    System.out.printf(
        "mgd matching 32 x 128 (amp, 128 x 128 assignment): %.0f ms%n",
        (System.nanoTime() - start) / 1e6);
    assertThat(groups).hasDimensions(32, 4);
    assertThat(distinct(groups)).hasSize(128);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  private static double[][] randomMatrix(Random random, int rows, int columns) {
    double[][] matrix = new double[rows][columns];
    for (double[] row : matrix) {
      for (int c = 0; c < columns; c++) {
        row[c] = 4 * random.nextDouble();
      }
    }
    return matrix;
  }

  private static double total(double[][] cost, int[] assignment) {
    double sum = 0;
    for (int r = 0; r < assignment.length; r++) {
      sum += cost[r][assignment[r]];
    }
    return sum;
  }

  private static double bruteForce(double[][] cost) {
    int n = cost.length;
    int[] permutation = new int[n];
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    double best = Double.MAX_VALUE;
    do {
      best = Math.min(best, total(cost, permutation));
    } while (nextPermutation(permutation));
    return best;
  }

  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  private static Set<Integer> distinct(int[][] groups) {
    Set<Integer> set = new HashSet<>();
    for (int[] group : groups) {
      for (int channel : group) {
        set.add(channel);
      }
    }
    return set;
  }
}
