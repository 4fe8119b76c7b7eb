package dev.distillery.models;

/** LeNet-5-half as in DAFL: conv 3/8/60, fc 42, 32x32 input. */
public final class LeNet5HalfPlugin extends ArchitecturePlugin {

  public LeNet5HalfPlugin() {
    super(
        "lenet5-half",
        "LeNet-5-half as in DAFL: conv 3/8/60, fc 42, 32x32 input",
        input -> LeNet5.network("lenet5-half", new int[] {3, 8, 60, 42}, input));
  }
}
