package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import dev.distillery.run.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running the same pipeline file again continues its newest run: finished stages with unchanged
 * options are kept, and a stage whose options changed runs again along with its dependants.
 */
class RerunKeepsFinishedStagesTest {

  private static final String PIPELINE =
      """
      pipeline: rerun
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 32}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 1, batch-size: 32}
        student:
          uses: distill
          needs: [teacher]
          with: {teacher: teacher, student: lenet5-half, epochs: EPOCHS, batch-size: 32, losses: [{uses: kd}]}
      """;

  private static String run(Path file, Path runs) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code =
          DistilleryCli.execute(
              "run", file.toString(), "--runs-dir", runs.toString(), "--metrics-port", "-1", "-q");
      assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> reused(RunDirectory run) throws Exception {
    return Files.readAllLines(run.metricsFile()).stream()
        .filter(line -> line.contains("\"event\":\"reused\""))
        .map(line -> line.replaceAll(".*\"stage\":\"([^\"]+)\".*", "$1"))
        .toList();
  }

  @Test
  void finishedStagesAreKeptAndChangedOnesRunAgain(@TempDir Path directory) throws Exception {
    Path runs = directory.resolve("runs");
    Path file = TinyPipelines.write(directory, "rerun.yaml", PIPELINE.replace("EPOCHS", "1"));

    run(file, runs);
    String second = run(file, runs);
    RunDirectory run = RunDirectory.list(runs).get(0);

    assertThat(RunDirectory.list(runs)).hasSize(1);
    assertThat(second).contains("continuing run");
    assertThat(reused(run)).containsExactly("teacher", "student");

    TinyPipelines.write(directory, "rerun.yaml", PIPELINE.replace("EPOCHS", "2"));
    run(file, runs);

    assertThat(reused(run)).containsExactly("teacher", "student", "teacher");
    assertThat(Files.readString(run.metricsFile()))
        .contains("\"stage\":\"student\",\"event\":\"epoch\",\"epoch\":2");
  }
}
