package dev.distillery.factortransfer;

import dev.distillery.methods.FeaturePointPairs;
import dev.distillery.spi.UserException;
import java.util.List;

/**
 * Options of the {@code ft} method (Factor Transfer).
 *
 * @param paraphraser the {@code pretrain-paraphraser} stage whose paraphraser gives the teacher
 *     factor (default {@code paraphraser}); it must be in the distill stage's {@code needs}
 * @param studentFeature the student feature map the translator reads (default {@code layer3}, the
 *     last group: RepDistiller's {@code feat_s[-2]}, the authors' {@code student_outputs[2]})
 * @param teacherFeature the teacher feature map the paraphraser reads (default {@code layer3}); it
 *     must be the feature point the paraphraser was trained on
 * @param p the norm of the factor difference: 1 (default, the paper and both reference codes) or 2
 * @param variant {@code authors} (default): the factor flattened and L2-normalised, {@code
 *     utils.FT} of Jangho-Kim/Factor-Transfer-pytorch; {@code repdistiller}: the channel mean of
 *     the squared factor, flattened and L2-normalised, RepDistiller's {@code FactorTransfer.factor}
 * @param batchNorm BatchNorm after each translator convolution (default: false for {@code authors},
 *     whose {@code Translator} has it commented out; true for {@code repdistiller}, whose {@code
 *     Translator} defaults to {@code use_bn=True})
 */
public record FtOptions(
    String paraphraser,
    String studentFeature,
    String teacherFeature,
    Integer p,
    String variant,
    Boolean batchNorm) {

  public static final String DEFAULT_PARAPHRASER = "paraphraser";
  public static final String DEFAULT_FEATURE = "layer3";
  public static final String AUTHORS = "authors";
  public static final String REPDISTILLER = "repdistiller";
  public static final List<String> VARIANTS = List.of(AUTHORS, REPDISTILLER);

  public FtOptions {
    paraphraser = paraphraser == null ? DEFAULT_PARAPHRASER : paraphraser;
    if (paraphraser.isBlank()) {
      throw new UserException(
          "ft option paraphraser is blank; give the id of a pretrain-paraphraser stage, e.g."
              + " paraphraser: "
              + DEFAULT_PARAPHRASER);
    }
    studentFeature =
        FeaturePointPairs.checkName("ft", "student-feature", studentFeature, DEFAULT_FEATURE);
    teacherFeature =
        FeaturePointPairs.checkName("ft", "teacher-feature", teacherFeature, DEFAULT_FEATURE);
    p = p == null ? 1 : p;
    if (p != 1 && p != 2) {
      throw new UserException(
          "ft option p is " + p + "; it must be 1 (the paper's default) or 2, e.g. p: 1");
    }
    variant = variant == null ? AUTHORS : variant;
    if (!VARIANTS.contains(variant)) {
      throw new UserException(
          "ft option variant is '"
              + variant
              + "'; it must be one of "
              + VARIANTS
              + " (authors: the authors' flattened factor; repdistiller: RepDistiller's channel"
              + " mean of the squared factor)");
    }
    batchNorm = batchNorm == null ? REPDISTILLER.equals(variant) : batchNorm;
  }

  /** The defaults: paraphraser stage {@code paraphraser}, layer3 / layer3, p 1, the authors'. */
  public static FtOptions defaults() {
    return new FtOptions(null, null, null, null, null, null);
  }

  public boolean repDistiller() {
    return REPDISTILLER.equals(variant);
  }
}
