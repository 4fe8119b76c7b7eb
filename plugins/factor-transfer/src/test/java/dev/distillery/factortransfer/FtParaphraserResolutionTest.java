package dev.distillery.factortransfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestNetworks;
import dev.distillery.training.Networks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How ft finds its paraphraser: before the run it checks feature points and shapes only; at run
 * time it loads the paraphraser the named stage left (translator trainable, paraphraser frozen),
 * and refuses a missing stage (naming the stage kind to add, with a snippet), a stage that left no
 * paraphraser, and a paraphraser of other teacher weights.
 */
public class FtParaphraserResolutionTest {

  private static final Network STUDENT =
      FeatureTestNetworks.withFeatures(
          "student", Map.of("layer3", new Shape(8, 4, 4), "odd", new Shape(8, 3, 3)));
  private static final Network TEACHER =
      FeatureTestNetworks.withFeatures("teacher", Map.of("layer3", new Shape(16, 4, 4)));

  @Test
  void beforeTheRunOnlyShapesAreChecked() {
    FtMethod method = new FtMethod();
    try (NDManager manager = NDManager.newBaseManager()) {
      MethodSetup preflight =
          new MethodSetup(TEACHER, STUDENT, manager, MethodSetup.Upstream.forPreflight());
      DistillationLoss loss = method.create(FtOptions.defaults(), preflight);
      assertThat(loss.name()).isEqualTo("ft");
      assertThat(loss.trainableBlocks()).isEmpty();
      assertThatThrownBy(
              () -> method.create(new FtOptions(null, "odd", null, null, null, null), preflight))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("ft pairs student feature 'odd' of shape (8, 3, 3)")
          .hasMessageContaining("teacher feature 'layer3' of shape (16, 4, 4)");
      assertThatThrownBy(
              () -> method.create(new FtOptions(null, "layer9", null, null, null, null), preflight))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'layer9'");
    }
  }

  @Test
  void withoutTheParaphraserStageTheErrorNamesTheStageToAdd() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  new FtMethod()
                      .create(FtOptions.defaults(), new MethodSetup(TEACHER, STUDENT, manager)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("ft needs a paraphraser trained by a 'pretrain-paraphraser' stage")
          .hasMessageContaining("stage 'paraphraser' (option paraphraser)")
          .hasMessageContaining("paraphraser:\n    uses: pretrain-paraphraser\n")
          .hasMessageContaining("feature-point: layer3");
      MethodSetup notAParaphraser =
          new MethodSetup(
              TEACHER,
              STUDENT,
              manager,
              new MethodSetup.Upstream(
                  false, Map.of("paraphraser", StageResult.of(Map.of(), List.of())), Path.of(".")));
      assertThatThrownBy(() -> new FtMethod().create(FtOptions.defaults(), notAParaphraser))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("stage 'paraphraser', which left no paraphraser");
    }
  }

  @Test
  void loadsTheParaphraserOfItsTeacherAndRefusesAnother(@TempDir Path run) {
    try (NDManager manager = NDManager.newBaseManager()) {
      Paraphraser trained = new Paraphraser(16, 8, false);
      Networks.initialize(trained, new Shape(1, 16, 4, 4), manager, 3);
      Networks.saveBlock(trained, run.resolve("pp/paraphraser.params"));
      String teacherDigest = ParaphraserArtifact.digest(TEACHER.block());

      DistillationLoss loss =
          new FtMethod().create(FtOptions.defaults(), setup(manager, run, teacherDigest, "layer3"));
      assertThat(loss).isInstanceOf(FtLoss.class);
      FtLoss ft = (FtLoss) loss;
      assertThat(ft.trainableBlocks()).containsExactly(ft.translator());
      assertThat(ft.paraphraser().factorChannels()).isEqualTo(8);
      assertThat(ft.paraphraser().getParameters().values())
          .allSatisfy(p -> assertThat(p.requiresGradient()).isFalse());
      assertThat(
              ft.paraphraser()
                  .encoderConvolutions()
                  .get(0)
                  .getParameters()
                  .get("weight")
                  .getArray()
                  .toFloatArray())
          .containsExactly(
              trained
                  .encoderConvolutions()
                  .get(0)
                  .getParameters()
                  .get("weight")
                  .getArray()
                  .toFloatArray());

      assertThatThrownBy(
              () ->
                  new FtMethod()
                      .create(
                          FtOptions.defaults(), setup(manager, run, "0123456789abcdef", "layer3")))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("ft distils from a teacher teacher with parameters sha256")
          .hasMessageContaining("teacher stage 'teacher-a'")
          .hasMessageContaining("sha256 0123456789ab…");
      assertThatThrownBy(
              () ->
                  new FtMethod()
                      .create(FtOptions.defaults(), setup(manager, run, teacherDigest, "layer2")))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("ft reads teacher feature point 'layer3'")
          .hasMessageContaining("trained on feature point 'layer2'");
    }
  }

  private static MethodSetup setup(
      NDManager manager, Path run, String teacherDigest, String featurePoint) {
    ParaphraserArtifact artifact =
        new ParaphraserArtifact(
            "pp/paraphraser.params",
            "teacher-a",
            "teacher",
            "stages/teacher-a/model.params",
            teacherDigest,
            featurePoint,
            List.of(16L, 4L, 4L),
            0.5,
            8,
            false,
            "l1");
    StageResult result =
        new StageResult(
            Map.of(), List.of(), Map.of(ParaphraserArtifact.RESULT_KEY, artifact.toMap()));
    return new MethodSetup(
        TEACHER,
        STUDENT,
        manager,
        new MethodSetup.Upstream(false, Map.of("paraphraser", result), run));
  }
}
