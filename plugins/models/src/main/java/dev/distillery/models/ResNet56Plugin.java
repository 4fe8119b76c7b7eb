package dev.distillery.models;

/** CIFAR ResNet-56 (RepDistiller), filters 16/16/32/64. */
public final class ResNet56Plugin extends ArchitecturePlugin {

  public ResNet56Plugin() {
    super(
        "resnet56",
        "CIFAR ResNet-56 (RepDistiller), filters 16/16/32/64",
        input -> CifarResNet.network("resnet56", 56, CifarResNet.WIDTHS, input));
  }
}
