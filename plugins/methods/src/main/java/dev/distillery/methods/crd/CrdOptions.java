package dev.distillery.methods.crd;

import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code crd} method (names of RepDistiller's {@code train_student.py} flags in
 * brackets).
 *
 * @param studentFeature the student feature point that is embedded (default {@code pool},
 *     RepDistiller's {@code feat_s[-1]})
 * @param teacherFeature the teacher feature point that is embedded (default {@code pool}, {@code
 *     feat_t[-1]}); its size may differ from the student's
 * @param embedDim the size of both embeddings and of the memory rows (default 128, {@code
 *     --feat_dim})
 * @param negatives the number K of negatives contrasted with each positive (default 16384, {@code
 *     --nce_k}); must be smaller than the number of training images
 * @param temperature the temperature τ of the exponentiated similarities (default 0.07, {@code
 *     --nce_t})
 * @param momentum the momentum m of the memory update {@code M[i] ← normalise(m·M[i] + (1−m)·v)}
 *     (default 0.5, {@code --nce_m}); in [0, 1)
 * @param positive {@code exact} (default): the positive of an image is its own memory row; {@code
 *     relax}: a random image of the same class ({@code --mode})
 * @param negativesFrom {@code other-classes} (default): negatives are drawn from the images of
 *     other classes, without replacement when there are at least K of them, as RepDistiller's
 *     {@code CIFAR100InstanceSample} draws them; {@code all}: uniformly from every training image
 *     with replacement, as {@code ContrastMemory}'s own sampler (the paper's formulation)
 */
public record CrdOptions(
    String studentFeature,
    String teacherFeature,
    Integer embedDim,
    Integer negatives,
    Double temperature,
    Double momentum,
    String positive,
    String negativesFrom) {

  public static final String DEFAULT_FEATURE = "pool";
  public static final int DEFAULT_EMBED_DIM = 128;
  public static final int DEFAULT_NEGATIVES = 16384;
  public static final double DEFAULT_TEMPERATURE = 0.07;
  public static final double DEFAULT_MOMENTUM = 0.5;
  public static final String EXACT = "exact";
  public static final String RELAX = "relax";
  public static final String OTHER_CLASSES = "other-classes";
  public static final String ALL = "all";

  public CrdOptions {
    studentFeature = featurePoint("student-feature", studentFeature);
    teacherFeature = featurePoint("teacher-feature", teacherFeature);
    embedDim = embedDim == null ? DEFAULT_EMBED_DIM : embedDim;
    if (embedDim < 1) {
      throw new UserException(
          "crd option embed-dim is "
              + embedDim
              + "; it must be a whole number >= 1, e.g. embed-dim: 128 (RepDistiller's"
              + " --feat_dim)");
    }
    negatives = negatives == null ? DEFAULT_NEGATIVES : negatives;
    if (negatives < 1) {
      throw new UserException(
          "crd option negatives is "
              + negatives
              + "; it must be a whole number >= 1 (and below the number of training images),"
              + " e.g. negatives: 16384 (RepDistiller's --nce_k)");
    }
    temperature = temperature == null ? DEFAULT_TEMPERATURE : temperature;
    if (!(temperature > 0) || temperature.isInfinite()) {
      throw new UserException(
          "crd option temperature is "
              + temperature
              + "; it must be a positive number, e.g. temperature: 0.07 (RepDistiller's"
              + " --nce_t)");
    }
    momentum = momentum == null ? DEFAULT_MOMENTUM : momentum;
    if (!(momentum >= 0 && momentum < 1)) {
      throw new UserException(
          "crd option momentum is "
              + momentum
              + "; it must be in [0, 1) (the share of the old memory row kept at each update),"
              + " e.g. momentum: 0.5 (RepDistiller's --nce_m)");
    }
    positive = choice("positive", positive, EXACT, List.of(EXACT, RELAX));
    negativesFrom =
        choice("negatives-from", negativesFrom, OTHER_CLASSES, List.of(OTHER_CLASSES, ALL));
  }

  /** The defaults: pool/pool, 128, 16384 negatives of other classes, τ 0.07, m 0.5, exact. */
  public static CrdOptions defaults() {
    return new CrdOptions(null, null, null, null, null, null, null, null);
  }

  /** Whether positives are other images of the same class ({@code positive: relax}). */
  public boolean relaxedPositives() {
    return RELAX.equals(positive);
  }

  /** Whether negatives come only from other classes ({@code negatives-from: other-classes}). */
  public boolean negativesFromOtherClasses() {
    return OTHER_CLASSES.equals(negativesFrom);
  }

  private static String featurePoint(String option, String value) {
    if (value == null) {
      return DEFAULT_FEATURE;
    }
    if (value.isBlank()) {
      throw new UserException(
          "crd option "
              + option
              + " is blank; name a feature point of the model, e.g. "
              + option
              + ": pool");
    }
    return value;
  }

  private static String choice(String option, String value, String fallback, List<String> allowed) {
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw new UserException(
          "crd option "
              + option
              + " is '"
              + value
              + "'; it must be one of "
              + allowed
              + ", e.g. "
              + option
              + ": "
              + fallback);
    }
    return value;
  }
}
