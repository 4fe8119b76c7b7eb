package dev.distillery.training.data;

/**
 * Standard-normal latent vectors for generators, as a function of the stage seed and the draw's
 * position: {@code (seed, reseeds, iteration, draw)} always gives the same numbers (SplitMix64 and
 * the Box–Muller transform, on every JVM), so a resumed stage draws exactly what an uninterrupted
 * one would, and a stage that reseeds its stream (after a collapse) continues on other numbers.
 */
public final class LatentStream {

  private final long seed;

  public LatentStream(long seed) {
    this.seed = seed;
  }

  /**
   * The {@code draw}-th batch of iteration {@code iteration}: {@code rows * columns} values, row
   * after row.
   *
   * @param reseeds how many times the stream was reseeded (0 for the original numbers)
   */
  public float[] batch(int reseeds, long iteration, int draw, int rows, int columns) {
    return normal(
        new SeededStream(seed, 0x4c4154454e54L, reseeds, iteration, draw), rows * columns);
  }

  /**
   * Uniform values in [0, 1) for the {@code draw}-th draw of an iteration (e.g. the mixing weights
   * of a gradient penalty), from the same keys as {@link #batch}.
   */
  public float[] uniform(int reseeds, long iteration, int draw, int count) {
    SeededStream random = new SeededStream(seed, 0x554e49464f524dL, reseeds, iteration, draw);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) ((random.nextLong() >>> 11) * 0x1.0p-53);
    }
    return values;
  }

  /** A fixed batch for probes and image grids, never drawn in training. */
  public float[] fixed(long key, int rows, int columns) {
    return normal(new SeededStream(seed, 0x50524f4245L, key), rows * columns); // "PROBE"
  }

  private static float[] normal(SeededStream random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i += 2) {
      // Box–Muller: u1 in (0, 1], u2 in [0, 1)
      double u1 = ((random.nextLong() >>> 11) + 1) * 0x1.0p-53;
      double u2 = (random.nextLong() >>> 11) * 0x1.0p-53;
      double radius = Math.sqrt(-2 * Math.log(u1));
      values[i] = (float) (radius * Math.cos(2 * Math.PI * u2));
      if (i + 1 < count) {
        values[i + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
      }
    }
    return values;
  }
}
