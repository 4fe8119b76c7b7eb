package dev.distillery.models;

/** CIFAR ResNet-8x4 (RepDistiller), filters 32/64/128/256. */
public final class ResNet8x4Plugin extends ArchitecturePlugin {

  public ResNet8x4Plugin() {
    super(
        "resnet8x4",
        "CIFAR ResNet-8x4 (RepDistiller), filters 32/64/128/256",
        input -> CifarResNet.network("resnet8x4", 8, CifarResNet.WIDTHS_X4, input));
  }
}
