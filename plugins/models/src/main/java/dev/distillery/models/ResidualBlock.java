package dev.distillery.models;

import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import dev.distillery.models.onnx.OnnxExportable;
import java.util.Optional;

/**
 * A post-activation residual block of a {@link CifarResNet} stage: its forward pass returns {@code
 * NDList(out, preact)}, {@code preact} being the residual sum before the final ReLU.
 */
abstract class ResidualBlock extends AbstractBlock implements OnnxExportable {

  /**
   * The batch norm of the residual branch's last convolution, the last batch norm before the sum
   * that is the block's {@code preact} output (OFD's {@code get_bn_before_relu}); empty when no
   * single batch norm produces all of that branch's channels.
   */
  abstract Optional<BatchNorm> lastBatchNorm();

  /** Makes the blocks of a CIFAR ResNet and counts their multiply-accumulates. */
  interface Kind {

    /** A block from {@code inPlanes} to {@code planes} channels whose first convolution strides. */
    ResidualBlock create(int inPlanes, int planes, int stride);

    /**
     * Multiply-accumulates of such a block on an input of the given size (convention of {@link
     * MultiplyAccumulates}).
     */
    long multiplyAccumulates(int inPlanes, int planes, int stride, int height, int width);
  }
}
