package dev.distillery.models;

/** CIFAR ResNet-32 (RepDistiller), filters 16/16/32/64. */
public final class ResNet32Plugin extends ArchitecturePlugin {

  public ResNet32Plugin() {
    super(
        "resnet32",
        "CIFAR ResNet-32 (RepDistiller), filters 16/16/32/64",
        input -> CifarResNet.network("resnet32", 32, CifarResNet.WIDTHS, input));
  }
}
