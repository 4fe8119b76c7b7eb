package dev.distillery.methods.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.Network;
import dev.distillery.spi.UserException;
import dev.distillery.testkit.FeatureTestBatches;
import org.junit.jupiter.api.Test;

/**
 * crd refuses, with a UserException that says what to change: a setup without a training split,
 * more negatives than training images, a missing feature point, and negatives of other classes when
 * every training image has one class. A fitting setup gives embeddings sized from the feature
 * points and a memory of one row per training image.
 */
public class CrdSetupErrorsTest {

  private static final CrdMethod METHOD = new CrdMethod();

  private static Network teacher() {
    return FeatureTestBatches.network("resnet32x4", "pool", new Shape(32));
  }

  private static Network student() {
    return FeatureTestBatches.network("resnet8x4", "pool", new Shape(16));
  }

  private static int[] labels(int count, int classes) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % classes;
    }
    return labels;
  }

  @Test
  void refusesSetupsItCannotServe() {
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  METHOD.create(
                      CrdOptions.defaults(), new MethodSetup(teacher(), student(), manager)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("no training split was given");
      assertThatThrownBy(
              () ->
                  METHOD.create(
                      CrdOptions.defaults(),
                      new MethodSetup(teacher(), student(), manager, labels(1000, 10))))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("crd option negatives is 16384")
          .hasMessageContaining("only 1000 images")
          .hasMessageContaining("negatives: 250");
      assertThatThrownBy(
              () ->
                  METHOD.create(
                      new CrdOptions("layer3", null, 8, 4, null, null, null, null),
                      new MethodSetup(teacher(), student(), manager, labels(20, 2))))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("'resnet8x4' has no feature point 'layer3'")
          .hasMessageContaining("[pool]");
      assertThatThrownBy(
              () ->
                  METHOD.create(
                      new CrdOptions(null, null, 8, 4, null, null, null, null),
                      new MethodSetup(teacher(), student(), manager, new int[20])))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("every training image has class 0")
          .hasMessageContaining("negatives-from: all");
      // with negatives-from: all, one class is fine
      assertThat(
              METHOD
                  .create(
                      new CrdOptions(null, null, 8, 4, null, null, null, "all"),
                      new MethodSetup(teacher(), student(), manager, new int[20]))
                  .name())
          .isEqualTo("crd");
    }
  }

  @Test
  void fittingSetupSizesEmbeddingsAndMemory() {
    try (NDManager manager = NDManager.newBaseManager()) {
      CrdLoss loss =
          METHOD.create(
              new CrdOptions(null, null, 8, 4, null, null, null, null),
              new MethodSetup(teacher(), student(), manager, labels(30, 3)),
              null);
      assertThat(loss.studentEmbedding().getParameters().get("weight").getArray().getShape())
          .isEqualTo(new Shape(8, 16));
      assertThat(loss.teacherEmbedding().getParameters().get("weight").getArray().getShape())
          .isEqualTo(new Shape(8, 32));
      assertThat(loss.memory().studentMemory().getArray().getShape()).isEqualTo(new Shape(30, 8));
      assertThat(loss.memory().teacherMemory().getArray().getManager()).isSameAs(manager);
      // ContrastMemory's initialisation: uniform in ±1/√(8/3) ≈ ±0.612
      float max = loss.memory().teacherMemory().getArray().abs().max().getFloat();
      assertThat(max).isBetween(0.4f, 0.6124f);
      assertThat(loss.memory().normalizers().getArray().toFloatArray()).containsExactly(-1f, -1f);
      assertThat(loss.memory().getParameters().values())
          .allSatisfy(p -> assertThat(p.requiresGradient()).as(p.getName()).isFalse());
      assertThat(loss.trainableBlocks())
          .containsExactly(loss.studentEmbedding(), loss.teacherEmbedding(), loss.memory());
    }
  }
}
