package dev.distillery.models;

/** CIFAR ResNet-20 (RepDistiller), filters 16/16/32/64. */
public final class ResNet20Plugin extends ArchitecturePlugin {

  public ResNet20Plugin() {
    super(
        "resnet20",
        "CIFAR ResNet-20 (RepDistiller), filters 16/16/32/64",
        input -> CifarResNet.network("resnet20", 20, CifarResNet.WIDTHS, input));
  }
}
