package dev.distillery.training.adversarial;

import dev.distillery.training.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an {@link AdversarialLoop} stands: the next iteration to run and the state that decides
 * what it draws.
 *
 * @param key the stage key the checkpoint belongs to
 * @param epoch the epoch to continue (0-based)
 * @param iteration the iteration within that epoch to run next
 * @param reseeds how many times the latent stream was reseeded after a collapse
 * @param collapses the collapses detected so far, in order
 * @param lossSums sums of each loss term over the iterations of the epoch run so far
 */
public record AdversarialPosition(
    String key,
    int epoch,
    int iteration,
    int reseeds,
    List<AdversarialPosition.Collapse> collapses,
    Map<String, Double> lossSums)
    implements CheckpointStore.Marker {

  /**
   * A collapse an epoch end found.
   *
   * @param epoch the epoch (1-based) whose end found it
   * @param reseeds the latent reseeds the epoch ran with
   * @param reason what the check saw
   * @param action what the loop did: restored an earlier epoch end, continued, or stopped
   */
  public record Collapse(int epoch, int reseeds, String reason, String action) {}

  public AdversarialPosition {
    collapses = collapses == null ? List.of() : List.copyOf(collapses);
    lossSums = lossSums == null ? Map.of() : new LinkedHashMap<>(lossSums);
  }

  /** The same position with one more collapse. */
  AdversarialPosition withCollapse(Collapse collapse) {
    List<Collapse> more = new java.util.ArrayList<>(collapses);
    more.add(collapse);
    return new AdversarialPosition(key, epoch, iteration, reseeds, more, lossSums);
  }

  @Override
  public String name() {
    return "e" + epoch + "-i" + iteration + "-r" + reseeds;
  }
}
