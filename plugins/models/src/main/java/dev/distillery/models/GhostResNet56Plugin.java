package dev.distillery.models;

/**
 * Ghost-ResNet-56: CIFAR ResNet-56 (RepDistiller), filters 16/16/32/64, with every convolution but
 * the stem a {@link GhostModule} ({@link GhostBasicBlock}).
 */
public final class GhostResNet56Plugin extends GhostArchitecturePlugin {

  public GhostResNet56Plugin() {
    super(
        "ghost-resnet56",
        "Ghost-ResNet-56 (GhostNet, CVPR 2020): CIFAR ResNet-56 with Ghost modules for every"
            + " convolution but the stem; options ratio (2), dw-kernel (3)",
        (id, ratio, dwKernel, input) ->
            CifarResNet.network(
                id, 56, CifarResNet.WIDTHS, GhostBasicBlock.kind(ratio, dwKernel), input));
  }
}
