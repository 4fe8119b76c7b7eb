package dev.distillery.models;

import dev.distillery.spi.UserException;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of the Ghost models ({@code ghost-resnet20}, {@code ghost-resnet32}, {@code
 * ghost-resnet56}, {@code ghostnet-small}): the two hyper-parameters of every {@link GhostModule}.
 *
 * <pre>
 * student: ghost-resnet56
 * student-options: {ratio: 2, dw-kernel: 3}
 * </pre>
 *
 * @param ratio s: a Ghost module's primary convolution makes {@code ceil(out / s)} channels and its
 *     cheap depthwise convolution {@code s - 1} more from each of them; an integer >= 2 (default 2,
 *     the paper's, which about halves the cost of each replaced convolution)
 * @param dwKernel d: the kernel of the cheap depthwise convolution, odd (default 3, the paper's; 1
 *     makes each ghost channel a scaled copy of its primary channel)
 */
public record GhostOptions(Integer ratio, Integer dwKernel) {

  public static final int DEFAULT_RATIO = 2;
  public static final int DEFAULT_DW_KERNEL = 3;

  public GhostOptions {
    ratio = ratio == null ? DEFAULT_RATIO : ratio;
    dwKernel = dwKernel == null ? DEFAULT_DW_KERNEL : dwKernel;
  }

  /** The defaults: ratio 2, depthwise kernel 3. */
  public static GhostOptions defaults() {
    return new GhostOptions(null, null);
  }

  /**
   * Refuses a ratio below 2 and an even (or non-positive) depthwise kernel, naming the option, the
   * bad value and what is allowed; both mistakes in one message when both are made.
   *
   * @param architecture the model id, for the message
   */
  void check(String architecture) {
    List<String> problems = new ArrayList<>();
    if (ratio < 2) {
      problems.add(
          "option 'ratio' is "
              + ratio
              + "; it must be an integer >= 2 (a Ghost module's primary convolution makes"
              + " ceil(out/ratio) channels and its cheap depthwise convolution the other"
              + " (ratio-1)/ratio, so below 2 there is nothing to make cheaply; the paper uses 2)");
    }
    if (dwKernel < 1 || dwKernel % 2 == 0) {
      problems.add(
          "option 'dw-kernel' is "
              + dwKernel
              + "; it must be odd and >= 1 (1, 3, 5, ...: the cheap depthwise convolution pads"
              + " (dw-kernel-1)/2 on each side so that its maps keep the size of the primary"
              + " ones, which only an odd kernel does; the paper uses 3)");
    }
    if (!problems.isEmpty()) {
      throw new UserException("model '" + architecture + "': " + String.join("; ", problems));
    }
  }
}
