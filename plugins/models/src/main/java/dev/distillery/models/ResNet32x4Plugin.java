package dev.distillery.models;

/** CIFAR ResNet-32x4 (RepDistiller), filters 32/64/128/256. */
public final class ResNet32x4Plugin extends ArchitecturePlugin {

  public ResNet32x4Plugin() {
    super(
        "resnet32x4",
        "CIFAR ResNet-32x4 (RepDistiller), filters 32/64/128/256",
        input -> CifarResNet.network("resnet32x4", 32, CifarResNet.WIDTHS_X4, input));
  }
}
