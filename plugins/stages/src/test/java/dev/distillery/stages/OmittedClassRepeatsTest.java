package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With repeated stages, the omitted-class section adds each stage's mean ± sd over its runs of the
 * class's accuracy before and after the correction, and of top-1 after it.
 */
class OmittedClassRepeatsTest {

  @Test
  void repeatedStagesGetTheirMeanAndSpread() {
    List<ModelReport> models =
        List.of(
            model("teacher", 0.90, 0.92, 0.89),
            model("student-kd", 0.40, 0.86, 0.85),
            model("student-kd.2", 0.36, 0.79, 0.84),
            model("student-kd.3", 0.50, 0.90, 0.86));

    String markdown = OmittedClassCorrection.markdown(models);

    // kd: class before 42.00 ± 7.21, after 85.00 ± 5.57, top-1 after 85.00 ± 1.00
    assertThat(markdown)
        .contains("| stage | runs | class 3 % | class 3 % after b | top-1 % after b |")
        .contains("| teacher | 1 | 90.00 | 92.00 | 89.00 |")
        .contains("| student-kd | 3 | 42.00 ± 7.21 | 85.00 ± 5.57 | 85.00 ± 1.00 |");
  }

  @Test
  void withoutRepeatsThereIsNoSpreadTable() {
    String markdown =
        OmittedClassCorrection.markdown(
            List.of(model("teacher", 0.9, 0.92, 0.89), model("student", 0.4, 0.8, 0.8)));

    assertThat(markdown).contains("### Omitted class 3").doesNotContain("Over the runs");
  }

  private static ModelReport model(
      String stage, double classBefore, double classAfter, double accuracyAfter) {
    ModelReport model = new ModelReport();
    model.stage = stage;
    model.omittedClass =
        new OmittedClassCorrection.Result(
            3,
            "class-3",
            0,
            100,
            (int) Math.round(100 * classBefore),
            classBefore,
            0.8,
            1.5,
            200,
            20,
            0.8,
            0.82,
            (int) Math.round(100 * classAfter),
            classAfter,
            accuracyAfter);
    return model;
  }
}
