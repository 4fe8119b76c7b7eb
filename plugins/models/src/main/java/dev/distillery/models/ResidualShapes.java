package dev.distillery.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * The output shapes of a residual network with Distillery's feature points: stem (post and pre),
 * each stage (post and pre: the same shape), the pooled vector and the logits.
 */
final class ResidualShapes {

  private ResidualShapes() {}

  static Shape[] of(Shape stem, List<? extends List<? extends Block>> stages, Block classifier) {
    Shape x = stem;
    List<Shape> shapes = new ArrayList<>(List.of(x, x));
    for (List<? extends Block> stage : stages) {
      for (Block block : stage) {
        x = block.getOutputShapes(new Shape[] {x})[0];
      }
      shapes.add(x);
      shapes.add(x);
    }
    Shape pool = new Shape(x.get(0), x.get(1));
    shapes.add(pool);
    shapes.add(classifier.getOutputShapes(new Shape[] {pool})[0]);
    return shapes.toArray(Shape[]::new);
  }
}
