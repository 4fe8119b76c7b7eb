package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repeats: 3} on the students of a tiny pipeline: each run trains with its own seed, the
 * teacher runs once, and evaluate reports each stage's mean ± sd and its gain over the baseline
 * with Welch's test — figures that agree with the per-run accuracies it also reports.
 */
class RepeatedStagesPipelineTest {

  private static final String PIPELINE =
      TinyPipelines.TEACHER_STUDENT_KD
          .replace("pipeline: tiny-kd", "pipeline: tiny-repeats")
          .replace(
              "  student-alone:\n    uses: train\n",
              "  student-alone:\n    uses: train\n    repeats: 3\n")
          .replace(
              "  student-kd:\n    uses: distill\n",
              "  student-kd:\n    uses: distill\n    repeats: 3\n");

  @Test
  void repeatedStudentsAreReportedWithTheirSpreadAndASignificanceTest(@TempDir Path directory)
      throws Exception {
    assertThat(PIPELINE).contains("repeats: 3\n    needs: [teacher]");
    Path file = TinyPipelines.write(directory, "repeats.yaml", PIPELINE);
    Path run = TinyPipelines.runToEnd(directory, file);

    RunState state = RunState.read(run.resolve("run.json"));
    assertThat(state.stages)
        .containsOnlyKeys(
            "teacher",
            "student-alone",
            "student-alone.2",
            "student-alone.3",
            "student-kd",
            "student-kd.2",
            "student-kd.3",
            "evaluate");
    List<byte[]> weights = new ArrayList<>();
    for (String stage : List.of("student-kd", "student-kd.2", "student-kd.3")) {
      weights.add(Files.readAllBytes(run.resolve("stages/" + stage + "/student.params")));
    }
    assertThat(weights.get(0)).isNotEqualTo(weights.get(1));
    assertThat(weights.get(1)).isNotEqualTo(weights.get(2));

    JsonNode report = OptionsMapper.mapper().readTree(run.resolve("report.json").toFile());
    assertThat(report.path("models")).hasSize(7);
    JsonNode kd = stage(report, "student-kd");
    JsonNode alone = stage(report, "student-alone");
    assertThat(kd.path("runs")).hasSize(3);
    assertThat(stage(report, "teacher").path("runs")).hasSize(1);
    double[] kdRuns = accuracies(report, "student-kd", "student-kd.2", "student-kd.3");
    double[] aloneRuns = accuracies(report, "student-alone", "student-alone.2", "student-alone.3");
    assertThat(kd.path("mean").asDouble()).isCloseTo(SeedStatistics.mean(kdRuns), within(1e-12));
    assertThat(kd.path("standard-deviation").asDouble())
        .isCloseTo(SeedStatistics.standardDeviation(kdRuns), within(1e-12));
    SeedStatistics.Difference expected = SeedStatistics.difference(kdRuns, aloneRuns, 0.95);
    JsonNode gain = kd.path("gain");
    assertThat(gain.path("points").asDouble()).isCloseTo(100 * expected.points(), within(1e-9));
    assertThat(alone.path("gain").isNull() || alone.path("gain").isMissingNode()).isTrue();
    if (expected.tested()) {
      assertThat(gain.path("p-value").asDouble()).isCloseTo(expected.pValue(), within(1e-12));
      assertThat(gain.path("verdict").asText())
          .isEqualTo(expected.resolved() ? "resolved" : "not resolved");
    } else {
      assertThat(gain.path("verdict").asText()).isEqualTo("untested");
    }

    String markdown = Files.readString(run.resolve("report.md"));
    assertThat(markdown)
        .contains("| stage | runs | model |")
        .contains("## Ranking")
        .contains("Welch")
        .contains("## Runs")
        .contains("| student-kd.3 |");
  }

  private static JsonNode stage(JsonNode report, String id) {
    for (JsonNode stage : report.path("stages")) {
      if (stage.path("stage").asText().equals(id)) {
        return stage;
      }
    }
    throw new AssertionError("no stage " + id + " in " + report.path("stages"));
  }

  private static double[] accuracies(JsonNode report, String... runs) {
    double[] values = new double[runs.length];
    for (int i = 0; i < runs.length; i++) {
      for (JsonNode model : report.path("models")) {
        if (model.path("stage").asText().equals(runs[i])) {
          values[i] = model.path("accuracy").asDouble();
        }
      }
    }
    return values;
  }
}
