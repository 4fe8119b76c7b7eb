package dev.distillery.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery runs --json} and {@code runs RUN_DIR --json}: the documented fields, with the
 * values of the run's files.
 */
class RunsJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theListHasOneObjectPerRun(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);
    RunFixtures.runInProgress(root.resolve("other"));

    RunFixtures.Printed printed =
        RunFixtures.execute("runs", "--json", "--runs-dir", root.resolve("runs").toString());

    assertThat(printed.code()).as(printed.err()).isZero();
    JsonNode runs = JSON.readTree(printed.out());
    assertThat(runs.isArray()).isTrue();
    assertThat(runs).hasSize(1);
    JsonNode listed = runs.get(0);
    assertThat(names(listed))
        .containsExactly(
            "pipeline",
            "run-id",
            "status",
            "path",
            "created-at",
            "updated-at",
            "stages",
            "succeeded",
            "failed");
    assertThat(listed.path("pipeline").asText()).isEqualTo("tiny-report");
    assertThat(listed.path("run-id").asText()).isEqualTo(RunFixtures.RUN_ID);
    assertThat(listed.path("status").asText()).isEqualTo("succeeded");
    assertThat(listed.path("path").asText()).isEqualTo(run.toAbsolutePath().toString());
    assertThat(listed.path("stages").asInt()).isEqualTo(6);
    assertThat(listed.path("succeeded").asInt()).isEqualTo(6);
    assertThat(listed.path("failed").asInt()).isZero();
  }

  @Test
  void anEmptyRunsDirectoryIsAnEmptyArray(@TempDir Path root) throws Exception {
    RunFixtures.Printed printed =
        RunFixtures.execute("runs", "--json", "--runs-dir", root.resolve("runs").toString());

    assertThat(printed.code()).isZero();
    assertThat(JSON.readTree(printed.out()).isArray()).isTrue();
    assertThat(JSON.readTree(printed.out())).isEmpty();
  }

  @Test
  void oneRunHasItsStagesEpochsAndEvaluation(@TempDir Path root) throws Exception {
    Path run = RunFixtures.finishedRun(root);

    RunFixtures.Printed printed = RunFixtures.execute("runs", run.toString(), "--json");

    assertThat(printed.code()).as(printed.err()).isZero();
    JsonNode details = JSON.readTree(printed.out());
    assertThat(names(details))
        .containsExactly(
            "pipeline",
            "run-id",
            "status",
            "path",
            "created-at",
            "updated-at",
            "stages",
            "epochs",
            "evaluation");
    JsonNode stages = details.path("stages");
    assertThat(stages).hasSize(6);
    assertThat(names(stages.get(0)))
        .containsExactly("id", "plugin", "status", "seconds", "attempts", "message");
    assertThat(stages.get(0).path("id").asText()).isEqualTo("teacher");
    assertThat(stages.get(0).path("plugin").asText()).isEqualTo("train");
    assertThat(stages.get(0).path("status").asText()).isEqualTo("succeeded");
    // run 2 of a repeated stage has its own entry, with the stage's plugin
    JsonNode kd2 = stages.get(4);
    assertThat(kd2.path("id").asText()).isEqualTo("student-kd.2");
    assertThat(kd2.path("plugin").asText()).isEqualTo("distill");

    JsonNode epochs = details.path("epochs");
    assertThat(epochs).hasSize(10); // 5 training stages (runs) × 2 epochs
    JsonNode kdEpoch = null;
    for (JsonNode epoch : epochs) {
      if (epoch.path("stage").asText().equals("student-kd") && epoch.path("epoch").asInt() == 2) {
        kdEpoch = epoch;
      }
    }
    assertThat(kdEpoch).isNotNull();
    assertThat(names(kdEpoch))
        .containsExactly(
            "stage",
            "epoch",
            "epochs",
            "losses",
            "accuracies",
            "seconds",
            "samples-per-second",
            "rss-bytes");
    assertThat(names(kdEpoch.path("losses"))).containsExactly("total", "ce", "kd");
    assertThat(names(kdEpoch.path("accuracies"))).containsExactly("train", "validation");
    assertThat(kdEpoch.path("rss-bytes").isIntegralNumber()).isTrue();

    JsonNode evaluation = details.path("evaluation");
    assertThat(names(evaluation))
        .containsExactly(
            "dataset",
            "test-images",
            "class-names",
            "teacher",
            "baseline",
            "confidence",
            "stages",
            "models");
    assertThat(evaluation.path("class-names")).hasSize(4);
    assertThat(evaluation.path("baseline").asText()).isEqualTo("student-alone");
    JsonNode report = JSON.readTree(run.resolve("report.json").toFile());
    JsonNode kd = evaluation.path("stages").get(2);
    assertThat(names(kd))
        .containsExactly(
            "stage", "model", "training", "runs", "top1", "top1-sd", "agreement", "gain");
    assertThat(kd.path("stage").asText()).isEqualTo("student-kd");
    assertThat(kd.path("runs")).hasSize(2);
    assertThat(kd.path("top1").asDouble()).isEqualTo(report.at("/stages/2/mean").asDouble());
    assertThat(kd.path("top1-sd").asDouble())
        .isEqualTo(report.at("/stages/2/standard-deviation").asDouble());
    assertThat(names(kd.path("gain")))
        .containsExactly("points", "low", "high", "t", "degrees-of-freedom", "p-value", "verdict");
    assertThat(kd.at("/gain/points").asDouble())
        .isEqualTo(report.at("/stages/2/gain/points").asDouble());
    assertThat(kd.at("/gain/verdict").asText()).isEqualTo("not resolved");
    assertThat(evaluation.path("stages").get(1).path("gain").isNull()).isTrue(); // the baseline
    JsonNode model = evaluation.path("models").get(0);
    assertThat(names(model))
        .containsExactly(
            "stage",
            "model",
            "training",
            "top1",
            "agreement",
            "gain-points",
            "parameters",
            "multiply-accumulates",
            "latency-batch1-ms",
            "latency-batch64-ms");
    assertThat(model.path("top1").asDouble()).isEqualTo(report.at("/models/0/accuracy").asDouble());
    assertThat(model.path("parameters").asLong())
        .isEqualTo(report.at("/models/0/parameters").asLong());
  }

  @Test
  void aRunWithoutEvaluationHasANullEvaluation(@TempDir Path root) throws Exception {
    Path run = RunFixtures.runInProgress(root);

    RunFixtures.Printed printed = RunFixtures.execute("runs", run.toString(), "--json");

    assertThat(printed.code()).as(printed.err()).isZero();
    JsonNode details = JSON.readTree(printed.out());
    assertThat(details.path("status").asText()).isEqualTo("running");
    assertThat(details.has("evaluation")).isTrue();
    assertThat(details.path("evaluation").isNull()).isTrue();
  }
}
