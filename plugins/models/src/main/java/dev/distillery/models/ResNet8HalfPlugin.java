package dev.distillery.models;

/**
 * CIFAR ResNet-8 at half width, filters 8/8/16/32: a CPU-sized student with the feature geometry of
 * the CIFAR ResNets (same feature points and spatial sizes, half the channels).
 */
public final class ResNet8HalfPlugin extends ArchitecturePlugin {

  public ResNet8HalfPlugin() {
    super(
        "resnet8-half",
        "CIFAR ResNet-8 at half width, filters 8/8/16/32 (a CPU-sized student)",
        input -> CifarResNet.network("resnet8-half", 8, CifarResNet.WIDTHS_HALF, input));
  }
}
