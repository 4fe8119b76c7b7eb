package dev.distillery.models;

/** Wide ResNet WRN-40-2 (RepDistiller), pre-activation blocks, filters 16/32/64/128. */
public final class Wrn40x2Plugin extends ArchitecturePlugin {

  public Wrn40x2Plugin() {
    super(
        "wrn-40-2",
        "Wide ResNet WRN-40-2 (RepDistiller), pre-activation blocks, filters 16/32/64/128",
        input -> WideResNet.network("wrn-40-2", 40, 2, input));
  }
}
