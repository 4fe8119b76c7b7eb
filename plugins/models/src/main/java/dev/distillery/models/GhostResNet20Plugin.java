package dev.distillery.models;

/**
 * Ghost-ResNet-20: CIFAR ResNet-20 (RepDistiller), filters 16/16/32/64, with every convolution but
 * the stem a {@link GhostModule} ({@link GhostBasicBlock}).
 */
public final class GhostResNet20Plugin extends GhostArchitecturePlugin {

  public GhostResNet20Plugin() {
    super(
        "ghost-resnet20",
        "Ghost-ResNet-20 (GhostNet, CVPR 2020): CIFAR ResNet-20 with Ghost modules for every"
            + " convolution but the stem; options ratio (2), dw-kernel (3)",
        (id, ratio, dwKernel, input) ->
            CifarResNet.network(
                id, 20, CifarResNet.WIDTHS, GhostBasicBlock.kind(ratio, dwKernel), input));
  }
}
