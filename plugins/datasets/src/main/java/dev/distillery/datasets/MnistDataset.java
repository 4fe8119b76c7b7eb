package dev.distillery.datasets;

import java.util.List;

/**
 * MNIST (LeCun et al., 1998): 60,000 training and 10,000 test grey images of handwritten digits of
 * 28x28 pixels, read from its four IDX files. Normalised with mean 0.1307 and standard deviation
 * 0.3081.
 *
 * <pre>{@code
 * dataset:
 *   name: mnist
 * }</pre>
 */
public final class MnistDataset extends IdxDataset {

  public static final String ID = "mnist";

  /** The class names of MNIST: the digits "0" to "9". */
  public static final List<String> CLASS_NAMES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  public MnistDataset() {
    super(
        ID,
        "MNIST: 60k/10k 28x28 grey images of handwritten digits, 10 classes (IDX files)",
        CLASS_NAMES,
        0.1307f,
        0.3081f);
  }

  @Override
  protected String howToProvideFiles() {
    return "To fix: put the four MNIST IDX files (train-images-idx3-ubyte.gz,"
        + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in"
        + " ./data/mnist/, or set DISTILLERY_DATA (or --data-dir) to a directory that holds them or"
        + " their mnist/ folder.";
  }
}
