package dev.distillery.models;

/** LeNet-5 as in DAFL: conv 6/16/120, fc 84, 32x32 input. */
public final class LeNet5Plugin extends ArchitecturePlugin {

  public LeNet5Plugin() {
    super(
        "lenet5",
        "LeNet-5 as in DAFL: conv 6/16/120, fc 84, 32x32 input",
        input -> LeNet5.network("lenet5", new int[] {6, 16, 120, 84}, input));
  }
}
