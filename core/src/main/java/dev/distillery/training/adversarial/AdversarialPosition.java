package dev.distillery.training.adversarial;

import dev.distillery.training.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an {@link AdversarialLoop} stands: the next iteration to run and the state that decides
 * what it draws.
 *
 * @param key the stage key the checkpoint belongs to
 * @param epoch the epoch to continue (0-based)
 * @param iteration the iteration within that epoch to run next
 * @param reseeds how many times the latent stream was reseeded after a collapse
 * @param collapses collapses detected so far
 * @param lossSums sums of each loss term over the iterations of the epoch run so far
 */
public record AdversarialPosition(
    String key, int epoch, int iteration, int reseeds, int collapses, Map<String, Double> lossSums)
    implements CheckpointStore.Marker {

  public AdversarialPosition {
    lossSums = lossSums == null ? Map.of() : new LinkedHashMap<>(lossSums);
  }

  @Override
  public String name() {
    return "e" + epoch + "-i" + iteration + "-r" + reseeds;
  }
}
