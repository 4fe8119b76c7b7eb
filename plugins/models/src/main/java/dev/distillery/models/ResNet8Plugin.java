package dev.distillery.models;

/** CIFAR ResNet-8 (RepDistiller), filters 16/16/32/64. */
public final class ResNet8Plugin extends ArchitecturePlugin {

  public ResNet8Plugin() {
    super(
        "resnet8",
        "CIFAR ResNet-8 (RepDistiller), filters 16/16/32/64",
        input -> CifarResNet.network("resnet8", 8, CifarResNet.WIDTHS, input));
  }
}
