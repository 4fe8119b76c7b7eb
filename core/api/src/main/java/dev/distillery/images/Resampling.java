package dev.distillery.images;

/**
 * Antialiased bilinear resizing of one image plane, the separable triangle filter of PIL's {@code
 * Image.resize(..., BILINEAR)} (which torchvision's {@code Resize} uses): when shrinking, the
 * filter widens with the scale so every input pixel contributes, instead of sampling and aliasing.
 */
public final class Resampling {

  private Resampling() {}

  /** {@code in} ({@code height x width}, row-major) resized to {@code outHeight x outWidth}. */
  public static float[] resize(float[] in, int height, int width, int outHeight, int outWidth) {
    Filter horizontal = Filter.of(width, outWidth);
    Filter vertical = Filter.of(height, outHeight);
    float[] rows = new float[height * outWidth];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < outWidth; x++) {
        double sum = 0;
        int first = horizontal.first[x];
        double[] weights = horizontal.weights[x];
        for (int k = 0; k < weights.length; k++) {
          sum += weights[k] * in[y * width + first + k];
        }
        rows[y * outWidth + x] = (float) sum;
      }
    }
    float[] out = new float[outHeight * outWidth];
    for (int y = 0; y < outHeight; y++) {
      int first = vertical.first[y];
      double[] weights = vertical.weights[y];
      for (int x = 0; x < outWidth; x++) {
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
          sum += weights[k] * rows[(first + k) * outWidth + x];
        }
        out[y * outWidth + x] = (float) sum;
      }
    }
    return out;
  }

  /** Per output position: the first input position read and the normalised weights. */
  private record Filter(int[] first, double[][] weights) {

    static Filter of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // the triangle's support is 1, widened when shrinking
      int[] first = new int[outSize];
      double[][] weights = new double[outSize][];
      for (int o = 0; o < outSize; o++) {
        double centre = (o + 0.5) * scale;
        int min = Math.max(0, (int) (centre - support + 0.5));
        int max = Math.min(inSize, (int) (centre + support + 0.5));
        double[] w = new double[Math.max(1, max - min)];
        double total = 0;
        for (int i = 0; i < max - min; i++) {
          double t = Math.abs((i + min - centre + 0.5) / filterScale);
          w[i] = t < 1 ? 1 - t : 0;
          total += w[i];
        }
        if (total > 0) {
          for (int i = 0; i < w.length; i++) {
            w[i] /= total;
          }
        } else {
          w[0] = 1;
        }
        first[o] = Math.min(min, inSize - 1);
        weights[o] = w;
      }
      return new Filter(first, weights);
    }
  }
}
