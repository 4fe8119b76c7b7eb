package dev.distillery.models;

/**
 * Ghost-ResNet-32: CIFAR ResNet-32 (RepDistiller), filters 16/16/32/64, with every convolution but
 * the stem a {@link GhostModule} ({@link GhostBasicBlock}).
 */
public final class GhostResNet32Plugin extends GhostArchitecturePlugin {

  public GhostResNet32Plugin() {
    super(
        "ghost-resnet32",
        "Ghost-ResNet-32 (GhostNet, CVPR 2020): CIFAR ResNet-32 with Ghost modules for every"
            + " convolution but the stem; options ratio (2), dw-kernel (3)",
        (id, ratio, dwKernel, input) ->
            CifarResNet.network(
                id, 32, CifarResNet.WIDTHS, GhostBasicBlock.kind(ratio, dwKernel), input));
  }
}
