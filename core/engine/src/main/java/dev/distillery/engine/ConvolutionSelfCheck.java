package dev.distillery.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.distillery.training.ThreadGradientCollector;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks that libtorch computes convolution gradients right on this machine: the input and weight
 * gradients of small 3x3 convolutions, against a direct computation in double precision.
 *
 * <p>Why: libtorch 2.7.1's oneDNN 3.7.1 gets the input gradient (backward data) wrong when the
 * number of filters is not a multiple of its channel block, on some CPUs: on an AMD EPYC with
 * AVX-512, 6 channels through 5 filters gave gradients off by up to 3.3 or NaN with its AVX-512
 * kernels and off by 2.4 with its AVX2 kernels; ResNet-8-half (8 filters, AVX-512 block 16) trained
 * into NaN losses. Its SSE4.1 level computes convolutions by GEMM and is right. oneDNN's level is
 * chosen with the environment variable {@code ONEDNN_MAX_CPU_ISA} before libtorch starts, so the
 * launcher runs this check (in a child JVM, once per machine, result cached) for each level from
 * the highest and uses the first that passes; the tests run at SSE4.1 unless told otherwise.
 *
 * <p>{@code java -cp <distillery lib> dev.distillery.engine.ConvolutionSelfCheck} exits 0 when the
 * gradients are right at the current {@code ONEDNN_MAX_CPU_ISA}, 3 when not, printing the worst
 * error of each case.
 */
public final class ConvolutionSelfCheck {

  /** Largest absolute difference accepted (float32 sums of at most 144 products of unit values). */
  public static final double TOLERANCE = 1e-4;

  /** Input channels and filters of the checked convolutions: block remainders of 8 and 16. */
  static final List<int[]> CASES =
      List.of(
          new int[] {6, 5},
          new int[] {8, 5},
          new int[] {16, 6},
          new int[] {5, 8},
          new int[] {8, 8},
          new int[] {3, 12},
          new int[] {16, 24},
          new int[] {16, 16});

  private ConvolutionSelfCheck() {}

  /** The worst absolute gradient error of a 3x3 convolution, input and weight gradients. */
  public static double worstError(NDManager manager, int channels, int filters, long seed) {
    int n = 3;
    int h = 7;
    int w = 6;
    int k = 3;
    int oh = h - k + 1;
    int ow = w - k + 1;
    SplittableRandom random = new SplittableRandom(seed);
    float[] xs = gaussian(random, n * channels * h * w, 1);
    float[] ws = gaussian(random, filters * channels * k * k, 0.2f);
    float[] gs = gaussian(random, n * filters * oh * ow, 1);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(xs, new Shape(n, channels, h, w));
      NDArray weight = scope.create(ws, new Shape(filters, channels, k, k));
      NDArray seedGradient = scope.create(gs, new Shape(n, filters, oh, ow));
      x.setRequiresGradient(true);
      weight.setRequiresGradient(true);
      try (ThreadGradientCollector collector = new ThreadGradientCollector()) {
        NDArray y = Conv2d.conv2d(x, weight).head();
        collector.backward(y.mul(seedGradient).sum());
      }
      float[] gx = x.getGradient().toFloatArray();
      float[] gw = weight.getGradient().toFloatArray();
      double worst = 0;
      double[] expectedX = new double[gx.length];
      double[] expectedW = new double[gw.length];
      for (int b = 0; b < n; b++) {
        for (int f = 0; f < filters; f++) {
          for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
              double g = gs[((b * filters + f) * oh + oy) * ow + ox];
              for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < k; ky++) {
                  for (int kx = 0; kx < k; kx++) {
                    int xi = ((b * channels + c) * h + oy + ky) * w + ox + kx;
                    int wi = ((f * channels + c) * k + ky) * k + kx;
                    expectedX[xi] += g * ws[wi];
                    expectedW[wi] += g * xs[xi];
                  }
                }
              }
            }
          }
        }
      }
      for (int i = 0; i < gx.length; i++) {
        worst = Math.max(worst, difference(gx[i], expectedX[i]));
      }
      for (int i = 0; i < gw.length; i++) {
        worst = Math.max(worst, difference(gw[i], expectedW[i]));
      }
      return worst;
    }
  }

  private static double difference(float actual, double expected) {
    return Float.isFinite(actual) ? Math.abs(actual - expected) : Double.POSITIVE_INFINITY;
  }

  private static float[] gaussian(SplittableRandom random, int size, float scale) {
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      // Box-Muller from the seeded stream
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      out[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)) * scale;
    }
    return out;
  }

  public static void main(String[] args) {
    boolean right = true;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int[] c : CASES) {
        for (long seed = 1; seed <= 3; seed++) {
          double error = worstError(manager, c[0], c[1], seed);
          if (!(error <= TOLERANCE)) {
            right = false;
          }
          if (seed == 1 || !(error <= TOLERANCE)) {
            System.out.printf(
                "%d channels -> %d filters, seed %d: worst gradient error %.3g%n",
                c[0], c[1], seed, error);
          }
        }
      }
    }
    String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
    System.out.println(
        (right ? "right" : "WRONG")
            + " at ONEDNN_MAX_CPU_ISA="
            + (isa == null ? "(unset: the CPU's best)" : isa));
    System.exit(right ? 0 : 3);
  }
}
