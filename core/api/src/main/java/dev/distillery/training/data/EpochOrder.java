package dev.distillery.training.data;

/** The order in which an epoch visits the training images: a seeded shuffle per epoch. */
public final class EpochOrder {

  private EpochOrder() {}

  /**
   * A permutation of {@code 0..n-1} (Fisher-Yates), the same for the same {@code (seed, epoch, n)}
   * on every run and JVM, different between epochs.
   */
  public static int[] permutation(long seed, int epoch, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0: " + n);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SeededStream random = new SeededStream(seed, epoch, 0x4f52444552L); // "ORDER"
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
