package dev.distillery.models;

/**
 * Analytic multiply-accumulate counts of the layers that dominate a forward pass; batch norm,
 * activations, pooling and residual additions are not counted.
 */
final class MultiplyAccumulates {

  private MultiplyAccumulates() {}

  /** {@code Cout * Hout * Wout * Cin * k * k / groups}. */
  static long conv(long outChannels, long outHeight, long outWidth, long inChannels, int kernel) {
    return outChannels * outHeight * outWidth * inChannels * kernel * kernel;
  }

  /** {@code in * out}. */
  static long linear(long inFeatures, long outFeatures) {
    return inFeatures * outFeatures;
  }

  /** Output size of a convolution or pooling window: {@code floor((x + 2p - k) / s) + 1}. */
  static int outputSize(int size, int kernel, int stride, int padding) {
    return Math.floorDiv(size + 2 * padding - kernel, stride) + 1;
  }
}
