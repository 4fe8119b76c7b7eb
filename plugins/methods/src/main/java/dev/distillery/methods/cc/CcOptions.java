package dev.distillery.methods.cc;

import dev.distillery.spi.UserException;

/**
 * Options of the {@code cc} method.
 *
 * @param studentFeature the student feature point that is embedded (default {@code pool},
 *     RepDistiller's {@code feat_s[-1]})
 * @param teacherFeature the teacher feature point that is embedded (default {@code pool}, {@code
 *     feat_t[-1]}); its size may differ from the student's
 * @param embedDim the size of both embeddings (default 128, RepDistiller's {@code --feat_dim})
 * @param l2Normalize whether each embedding is divided by its L2 norm after the linear layer, as
 *     RepDistiller's {@code Embed}; default false, as its {@code train_student.py}, which builds
 *     {@code LinearEmbed} (linear only) for CC
 */
public record CcOptions(
    String studentFeature, String teacherFeature, Integer embedDim, Boolean l2Normalize) {

  public static final String DEFAULT_FEATURE = "pool";
  public static final int DEFAULT_EMBED_DIM = 128;

  public CcOptions {
    studentFeature = featurePoint("student-feature", studentFeature);
    teacherFeature = featurePoint("teacher-feature", teacherFeature);
    embedDim = embedDim == null ? DEFAULT_EMBED_DIM : embedDim;
    if (embedDim < 1) {
      throw new UserException(
          "cc option embed-dim is "
              + embedDim
              + "; it must be a whole number >= 1, e.g. embed-dim: 128 (RepDistiller's default)");
    }
    l2Normalize = l2Normalize != null && l2Normalize;
  }

  /** The defaults: pool/pool, embeddings of 128, no L2 normalisation. */
  public static CcOptions defaults() {
    return new CcOptions(null, null, null, null);
  }

  private static String featurePoint(String option, String value) {
    if (value == null) {
      return DEFAULT_FEATURE;
    }
    if (value.isBlank()) {
      throw new UserException(
          "cc option "
              + option
              + " is blank; name a feature point of the model, e.g. "
              + option
              + ": pool");
    }
    return value;
  }
}
