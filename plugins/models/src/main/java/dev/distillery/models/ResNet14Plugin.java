package dev.distillery.models;

/** CIFAR ResNet-14 (RepDistiller), filters 16/16/32/64. */
public final class ResNet14Plugin extends ArchitecturePlugin {

  public ResNet14Plugin() {
    super(
        "resnet14",
        "CIFAR ResNet-14 (RepDistiller), filters 16/16/32/64",
        input -> CifarResNet.network("resnet14", 14, CifarResNet.WIDTHS, input));
  }
}
