package dev.distillery.models;

/** Wide ResNet WRN-16-2 (RepDistiller), pre-activation blocks, filters 16/32/64/128. */
public final class Wrn16x2Plugin extends ArchitecturePlugin {

  public Wrn16x2Plugin() {
    super(
        "wrn-16-2",
        "Wide ResNet WRN-16-2 (RepDistiller), pre-activation blocks, filters 16/32/64/128",
        input -> WideResNet.network("wrn-16-2", 16, 2, input));
  }
}
