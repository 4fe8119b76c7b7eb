package dev.distillery.datasets;

import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 60,000 training and 10,000 test grey images of
 * 28x28 pixels of Zalando articles in 10 classes, read from its four IDX files. Normalised with
 * mean 0.2860 and standard deviation 0.3530.
 *
 * <pre>{@code
 * dataset:
 *   name: fashion-mnist
 *   options: {pad-to: 32, normalize: true}
 * }</pre>
 */
public final class FashionMnistDataset extends IdxDataset {

  public static final String ID = "fashion-mnist";

  /** The class names of Fashion-MNIST, in label order. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public FashionMnistDataset() {
    super(
        ID,
        "Fashion-MNIST: 60k/10k 28x28 grey images of clothing, 10 classes (IDX files)",
        CLASS_NAMES,
        0.2860f,
        0.3530f);
  }

  @Override
  protected String howToProvideFiles() {
    return "To fix: on Debian run `sudo apt-get install dataset-fashion-mnist` (it installs"
        + " /usr/share/datasets/fashion-mnist/), or put the four IDX files in ./data/fashion-mnist/,"
        + " or set DISTILLERY_DATA (or --data-dir) to a directory that holds them or their"
        + " fashion-mnist/ folder.";
  }
}
