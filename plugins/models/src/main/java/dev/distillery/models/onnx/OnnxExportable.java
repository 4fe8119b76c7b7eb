package dev.distillery.models.onnx;

/**
 * A block that can write itself as ONNX nodes: the zoo's networks and their building blocks each
 * emit the nodes of their inference-mode forward pass, using {@link DjlLayerNodes} for DJL's own
 * layers. A network block returns the tensor of its logits; a building block the tensor the next
 * block reads (its first output).
 */
public interface OnnxExportable {

  /**
   * Adds this block's nodes to {@code graph}.
   *
   * @param name the block's path in the network, a prefix for its tensor names (e.g. {@code
   *     layer2_0})
   * @param input the tensor the block reads
   * @return the tensor the block computes
   */
  String emitOnnx(OnnxGraph graph, String name, String input);
}
