package dev.distillery.methods.dfad;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code dfad} recipe; the defaults are DFAD_mnist.py's.
 *
 * @param studentSteps student steps per generator step (default 5, as the reference)
 * @param distance what the student minimises and the generator maximises: {@code l1}, the mean
 *     absolute difference of the logits (the reference), or {@code kl}, KD's divergence at {@code
 *     temperature} (not in the reference)
 * @param temperature temperature of {@code distance: kl} (default 1)
 * @param informationEntropy weight of DAFL's information-entropy loss added to the generator's
 *     (default 0, as the reference; a positive weight pushes the generator to cover every class)
 */
public record DfadOptions(
    Integer studentSteps, String distance, Double temperature, Double informationEntropy) {

  /** The distances: {@code l1} (the reference's) and {@code kl}. */
  public static final java.util.List<String> DISTANCES = java.util.List.of("l1", "kl");

  public DfadOptions {
    studentSteps = studentSteps == null ? 5 : studentSteps;
    distance = distance == null ? "l1" : distance;
    if (!DISTANCES.contains(distance)) {
      throw new UserException("dfad: distance is '" + distance + "'; choose one of " + DISTANCES);
    }
    temperature = temperature == null ? 1.0 : temperature;
    informationEntropy = informationEntropy == null ? 0.0 : informationEntropy;
    if (studentSteps < 1) {
      throw new UserException("dfad: student-steps must be at least 1, got " + studentSteps);
    }
    if (!(temperature > 0)) {
      throw new UserException("dfad: temperature must be > 0, got " + temperature);
    }
    if (informationEntropy < 0) {
      throw new UserException("dfad: information-entropy must be >= 0, got " + informationEntropy);
    }
  }
}
