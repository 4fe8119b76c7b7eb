package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --quiet} prints one line per epoch whose losses are the epoch's means (those of the
 * epoch record in metrics.jsonl, not the last batch's), and a failed stage's line is marked with ✗
 * and its reason; logs/run.log holds the stage lines, the epochs and the failure's cause.
 */
class QuietLinesShowEpochMeansTest {

  private static final String PIPELINE =
      """
      pipeline: quiet-means
      seed: 3
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 32}
      stages:
        healthy:
          uses: train
          with: {model: lenet5-half, epochs: 2, batch-size: 32}
        exploding:
          uses: train
          needs: [healthy]
          with:
            model: lenet5-half
            epochs: 2
            batch-size: 32
            optimizer: {type: sgd, lr: 0.01, momentum: 0.9}
            schedule: {type: multistep, milestones: [1], gamma: 1.0e+9}
      """;

  @Test
  void quietLinesCarryEpochMeansAndFailuresAreMarkedAndLogged(@TempDir Path directory)
      throws Exception {
    Path file = TinyPipelines.write(directory, "quiet.yaml", PIPELINE);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code =
          DistilleryCli.execute(
              "run",
              file.toString(),
              "--runs-dir",
              directory.resolve("runs").toString(),
              "--metrics-port",
              "-1",
              "-q");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertThat(code).isEqualTo(1);

    Path run;
    try (var runs = Files.list(directory.resolve("runs/quiet-means"))) {
      run = runs.findFirst().orElseThrow();
    }
    List<JsonObject> epochs =
        Files.readAllLines(run.resolve("metrics.jsonl")).stream()
            .map(JsonObject::new)
            .filter(r -> "epoch".equals(r.getString("event")))
            .filter(r -> "healthy".equals(r.getString("stage")))
            .toList();
    assertThat(epochs).hasSize(2);
    List<String> lines = out.lines().filter(l -> l.startsWith("healthy ")).toList();
    for (JsonObject epoch : epochs) {
      String expected =
          String.format(Locale.ROOT, "loss %.4g acc ", epoch.getDouble("loss").doubleValue());
      String phase = "epoch " + epoch.getInteger("epoch") + "/2";
      assertThat(lines)
          .as("one quiet line for %s with the epoch's mean loss", phase)
          .filteredOn(l -> l.contains(phase))
          .singleElement()
          .asString()
          .contains(expected);
    }
    assertThat(out.lines())
        .anyMatch(
            l ->
                l.startsWith("exploding ")
                    && l.contains("✗ failed: ")
                    && l.contains("loss became"));

    String log = Files.readString(run.resolve("logs/run.log"));
    assertThat(log)
        .contains("stage healthy running")
        .contains("stage healthy succeeded in")
        .contains("healthy          epoch 1/2    loss ")
        .contains("healthy          epoch 2/2    loss ")
        .containsPattern("ERROR .* stage exploding failed: .*loss became (NaN|-?Infinity)")
        .contains("run failed");
  }
}
