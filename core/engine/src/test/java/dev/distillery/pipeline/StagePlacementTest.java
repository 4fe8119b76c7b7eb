package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A stage's device and slots: read with defaults from the pipeline, located when wrong. */
class StagePlacementTest {

  @Test
  void anUnknownDeviceIsReportedWhereItIsWritten() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: placement
                dataset: {name: synthetic}
                stages:
                  t:
                    uses: train
                    device: tpu
                    with: {model: lenet5}
                """))
        .singleElement()
        .asString()
        .startsWith("p.yaml:6:13: stages.t.device:")
        .contains("tpu")
        .contains("cpu")
        .contains("gpu")
        .contains("any");
  }

  @Test
  void slotsMustBeAPositiveCount() {
    assertThat(
            TestPipelines.problems(
                """
                pipeline: placement
                dataset: {name: synthetic}
                stages:
                  t:
                    uses: train
                    slots: 0
                    with: {model: lenet5}
                """))
        .singleElement()
        .asString()
        .startsWith("p.yaml:6:12: stages.t.slots:")
        .contains("0");
  }

  @Test
  void aStageTakesThePipelinesDeviceUnlessItNamesOne() {
    PipelineSpec spec =
        TestPipelines.parse(
            """
            pipeline: placement
            device: cpu
            dataset: {name: synthetic}
            stages:
              a:
                uses: train
                with: {model: lenet5}
              b:
                uses: train
                device: any
                slots: 2
                with: {model: lenet5}
            """);
    assertThat(spec.stages().get("a").placement())
        .isEqualTo(new StagePlacement(StageDevice.CPU, 1));
    assertThat(spec.stages().get("b").placement())
        .isEqualTo(new StagePlacement(StageDevice.ANY, 2));
  }

  @Test
  void autoMeansAnyAndPlacementIsNotPartOfTheKey() {
    String base =
        """
        pipeline: placement
        dataset: {name: synthetic}
        stages:
          a:
            uses: train
        %s
            with: {model: lenet5}
        """;
    PipelineSpec plain = TestPipelines.parse(base.formatted(""));
    PipelineSpec placed = TestPipelines.parse(base.formatted("    device: gpu\n    slots: 3"));
    assertThat(plain.stages().get("a").placement().device()).isEqualTo(StageDevice.ANY);
    assertThat(placed.stages().get("a").key()).isEqualTo(plain.stages().get("a").key());
  }
}
