package dev.distillery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * libtorch's convolution gradients, input and weight, equal a direct double-precision computation
 * for filter counts on and off oneDNN's channel blocks, at the oneDNN level the tests run at
 * ({@code ONEDNN_MAX_CPU_ISA}, SSE4.1 by the build's configuration). At ALL or AVX2 this fails on
 * the AMD EPYC where the launcher's check was found necessary (errors up to 3.3, or NaN).
 */
class ConvolutionSelfCheckTest {

  static final List<int[]> CASES = ConvolutionSelfCheck.CASES;

  @ParameterizedTest(name = "{0}")
  @FieldSource("CASES")
  void gradientsEqualADirectComputation(int[] shape) {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (long seed = 1; seed <= 3; seed++) {
        assertThat(ConvolutionSelfCheck.worstError(manager, shape[0], shape[1], seed))
            .as(
                "worst gradient error, %d channels -> %d filters, seed %d, ONEDNN_MAX_CPU_ISA=%s",
                shape[0], shape[1], seed, System.getenv("ONEDNN_MAX_CPU_ISA"))
            .isLessThanOrEqualTo(ConvolutionSelfCheck.TOLERANCE);
      }
    }
  }
}
