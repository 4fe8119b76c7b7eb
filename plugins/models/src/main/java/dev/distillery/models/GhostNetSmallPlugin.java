package dev.distillery.models;

/**
 * {@code ghostnet-small}: GhostNet's first three stages for 32×32 images ({@link GhostNetSmall}).
 */
public final class GhostNetSmallPlugin extends GhostArchitecturePlugin {

  public GhostNetSmallPlugin() {
    super(
        "ghostnet-small",
        "Small GhostNet for 32x32 images: stride-1 stem, GhostNet's stages 1-3 (5 Ghost"
            + " bottlenecks, SE in stage 3), 1280-wide head; options ratio (2), dw-kernel (3)",
        GhostNetSmall::network);
  }
}
