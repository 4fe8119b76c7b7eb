package dev.distillery.models;

import ai.djl.ndarray.NDManager;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import java.util.Locale;

/**
 * Prints the README's table of parameter counts and MACs, computed from the plugins. Run {@code
 * ReadmeFiguresTest}; on a mismatch it prints the table to paste into README.md.
 */
final class ModelFiguresTable {

  static final ModelInput FASHION_MNIST = new ModelInput(1, 32, 32, 10);
  static final ModelInput CIFAR_100 = new ModelInput(3, 32, 32, 100);

  private ModelFiguresTable() {}

  static String markdown() {
    StringBuilder table = new StringBuilder();
    table.append(
        "| model | parameters, 1x32x32, 10 classes | MACs, 1x32x32, 10 classes"
            + " | parameters, 3x32x32, 100 classes | MACs, 3x32x32, 100 classes |\n");
    table.append("|---|---:|---:|---:|---:|\n");
    for (String id : TestNetworks.IDS) {
      table.append("| `").append(id).append('`');
      for (ModelInput input : new ModelInput[] {FASHION_MNIST, CIFAR_100}) {
        Network network = TestNetworks.create(id, input);
        try (NDManager manager = NDManager.newBaseManager()) {
          TestNetworks.initialize(network, manager, 0);
          append(table, TestNetworks.trainableParameters(network.block()), network);
        }
      }
      table.append(" |\n");
    }
    return table.toString();
  }

  private static void append(StringBuilder table, long parameters, Network network) {
    table
        .append(" | ")
        .append(String.format(Locale.ROOT, "%,d", parameters))
        .append(" | ")
        .append(String.format(Locale.ROOT, "%,d", network.multiplyAccumulates()));
  }

  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
