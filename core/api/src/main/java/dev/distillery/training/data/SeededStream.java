package dev.distillery.training.data;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014), written out here so that data order and augmentation never depend on a JDK's
 * implementation: a checkpoint resumed on another JVM sees the same numbers.
 */
final class SeededStream {

  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  /** A stream determined by the given keys (e.g. seed, epoch, sample index). */
  SeededStream(long... keys) {
    long s = 0x5851f42d4c957f2dL;
    for (long key : keys) {
      s = mix((s + GOLDEN_GAMMA) ^ mix(key + GOLDEN_GAMMA));
    }
    state = s;
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in {@code [0, bound)}, without modulo bias. */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long r;
    long value;
    do {
      r = nextLong() >>> 1;
      value = r % bound;
    } while (r - value + (bound - 1) < 0); // the last, partial run of values would be biased
    return (int) value;
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
