package dev.distillery.factortransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.distillery.methods.SpatialAlignment;
import dev.distillery.spi.DistillationBatch;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import java.util.List;

/**
 * The {@code ft} method: Kim, Park, Kwak, NeurIPS 2018, "Paraphrasing Complex Network: Network
 * Compression via Factor Transfer". A paraphraser pretrained on the teacher's feature map (the
 * {@code pretrain-paraphraser} stage) gives the teacher factor; a translator on the student's
 * feature map, trained with the student, gives the student factor; {@link FtLoss} compares their
 * normalised forms.
 *
 * <p>The paraphraser comes from the stage named by the {@code paraphraser} option, which the
 * distill stage must need. It must have been trained on this distill stage's teacher (same weights)
 * at the feature point {@code teacher-feature}; otherwise {@link #create} fails naming both. Before
 * the run (preflight), when the paraphraser is not trained yet, {@link #create} checks the feature
 * points and shapes only.
 */
public final class FtMethod implements MethodPlugin<FtOptions> {

  /** The authors' β ({@code --beta 500} in train_student.py); RepDistiller's script uses 200. */
  public static final double DEFAULT_WEIGHT = 500;

  /** The stage plugin that trains paraphrasers. */
  public static final String PARAPHRASER_STAGE = "pretrain-paraphraser";

  @Override
  public String id() {
    return "ft";
  }

  @Override
  public String description() {
    return "Kim et al. 2018 Factor Transfer: L1 between normalised factors of a student translator"
        + " and a pretrained teacher paraphraser (needs a pretrain-paraphraser stage)";
  }

  @Override
  public Class<FtOptions> optionsType() {
    return FtOptions.class;
  }

  @Override
  public double defaultWeight() {
    return DEFAULT_WEIGHT;
  }

  @Override
  public List<StageReference> stageReferences(FtOptions options) {
    return List.of(
        new StageReference(
            "paraphraser",
            options.paraphraser(),
            PARAPHRASER_STAGE,
            stageBody(options.teacherFeature())));
  }

  private static String stageBody(String featurePoint) {
    return "    uses: "
        + PARAPHRASER_STAGE
        + "\n    needs: [{teacher}]\n    with: {teacher: {teacher}, feature-point: "
        + featurePoint
        + ", rate: 0.5}";
  }

  @Override
  public DistillationLoss create(FtOptions options, MethodSetup setup) {
    Shape student = setup.studentShape(options.studentFeature());
    Shape teacher = setup.teacherShape(options.teacherFeature());
    SpatialAlignment.check(
        "ft", options.studentFeature(), student, options.teacherFeature(), teacher);
    MethodSetup.Upstream upstream = setup.upstream();
    if (upstream.beforeRun()) {
      return new CheckedBeforeRun(options.paraphraser());
    }
    StageResult result =
        upstream
            .result(options.paraphraser())
            .orElseThrow(
                () ->
                    new UserException(
                        "ft needs a paraphraser trained by a '"
                            + PARAPHRASER_STAGE
                            + "' stage, but stage '"
                            + options.paraphraser()
                            + "' (option paraphraser) is not among the stages this stage needs"
                            + " (it needs "
                            + upstream.results().keySet()
                            + "). Add such a stage and list it in `needs`, e.g.\n"
                            + "  "
                            + options.paraphraser()
                            + ":\n"
                            + stageBody(options.teacherFeature()).replace("{teacher}", "teacher")));
    ParaphraserArtifact artifact =
        ParaphraserArtifact.of(result)
            .orElseThrow(
                () ->
                    new UserException(
                        "ft option paraphraser names stage '"
                            + options.paraphraser()
                            + "', which left no paraphraser; name a stage that uses '"
                            + PARAPHRASER_STAGE
                            + "'"));
    checkArtifact(options, setup, artifact, teacher);
    Paraphraser paraphraser =
        artifact.load(setup.manager(), upstream.resolve(artifact.parameters()));
    paraphraser.freezeParameters(true);
    FactorTranslator translator =
        new FactorTranslator(student.get(0), artifact.factorChannels(), options.batchNorm());
    // seeded from the configuration, so that a re-run starts from the same translator whatever
    // other stages draw from the engine's random generator meanwhile
    long seed =
        java.util.Objects.hash(
            id(),
            options.studentFeature(),
            student.toString(),
            artifact.teacherDigest(),
            options.batchNorm());
    Networks.initialize(
        translator,
        new Shape(2, student.get(0), student.get(1), student.get(2)),
        setup.manager(),
        seed);
    return new FtLoss(options, translator, paraphraser);
  }

  private static void checkArtifact(
      FtOptions options, MethodSetup setup, ParaphraserArtifact artifact, Shape teacher) {
    String trained =
        "the paraphraser of stage '"
            + options.paraphraser()
            + "' was trained on feature point '"
            + artifact.featurePoint()
            + "' "
            + artifact.featureShape()
            + " of the model of teacher stage '"
            + artifact.teacherStage()
            + "' ("
            + artifact.teacherArchitecture()
            + ", parameters "
            + artifact.teacherParameters()
            + ", sha256 "
            + shortDigest(artifact.teacherDigest())
            + ")";
    if (!artifact.featurePoint().equals(options.teacherFeature())) {
      throw new UserException(
          "ft reads teacher feature point '"
              + options.teacherFeature()
              + "', but "
              + trained
              + "; set ft's teacher-feature: "
              + artifact.featurePoint()
              + ", or the paraphraser stage's feature-point: "
              + options.teacherFeature());
    }
    String digest = ParaphraserArtifact.digest(setup.teacher().block());
    if (!digest.equals(artifact.teacherDigest())) {
      throw new UserException(
          "ft distils from a teacher "
              + setup.teacher().architecture()
              + " with parameters sha256 "
              + shortDigest(digest)
              + ", but "
              + trained
              + ": a paraphraser only fits the teacher it was trained on; give the paraphraser"
              + " stage the same `teacher` as this distill stage");
    }
    if (!artifact.featureShape().equals(teacher)) {
      throw new UserException(
          "ft: teacher feature '"
              + options.teacherFeature()
              + "' has shape "
              + teacher
              + " here, but "
              + trained
              + "; train the paraphraser on the same data (image size) as this stage");
    }
  }

  private static String shortDigest(String digest) {
    return digest.length() > 12 ? digest.substring(0, 12) + "…" : digest;
  }

  /**
   * What {@link #create} returns before the run, when the paraphraser is not trained yet: the
   * feature points and shapes were checked; it computes nothing.
   */
  private static final class CheckedBeforeRun implements DistillationLoss {

    private final String paraphraserStage;

    CheckedBeforeRun(String paraphraserStage) {
      this.paraphraserStage = paraphraserStage;
    }

    @Override
    public String name() {
      return "ft";
    }

    @Override
    public java.util.Optional<String> notProbedBecause() {
      return java.util.Optional.of(
          "ft needs the paraphraser that stage '"
              + paraphraserStage
              + "' trains, which exists only once that stage has run (its shapes were checked)");
    }

    @Override
    public NDArray compute(DistillationBatch batch) {
      throw new IllegalStateException(
          "ft was created before the run to check shapes; create it again with the paraphraser"
              + " stage's result");
    }
  }
}
