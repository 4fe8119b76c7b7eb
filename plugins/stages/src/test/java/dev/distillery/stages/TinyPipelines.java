package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny pipeline files on the seeded synthetic dataset, for the end-to-end tests. */
final class TinyPipelines {

  private TinyPipelines() {}

  /** Teacher, student alone, KD student and evaluation on 256 synthetic images. */
  static final String TEACHER_STUDENT_KD =
      """
      pipeline: tiny-kd
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        student-alone:
          uses: train
          with: {model: lenet5-half}
        student-kd:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            losses:
              - uses: kd
                weight: 0.9
                with: {temperature: 4}
        evaluate:
          uses: evaluate
          needs: [teacher, student-alone, student-kd]
          with: {latency-runs: 3, baseline: student-alone}
      """;

  /** One training stage of three epochs, for interruption and resume. */
  static final String SINGLE_TRAIN =
      """
      pipeline: tiny-resume
      seed: 11
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 256, test-size: 32}
      stages:
        teacher:
          uses: train
          with:
            model: lenet5-half
            epochs: 3
            batch-size: 32
            optimizer: {type: sgd, lr: 0.05, momentum: 0.9, nesterov: true}
            augmentation: {crop-padding: 2, horizontal-flip: true}
      """;

  static Path write(Path directory, String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /**
   * Runs {@code pipeline} (written to {@code directory}) through the CLI, expecting it refused
   * before anything ran (usage exit code, no run directory); returns what it printed to stderr with
   * the file's path replaced by {@code FILE}.
   */
  static String refusedRun(Path directory, String pipeline) throws Exception {
    Path file = write(directory, "mistakes.yaml", pipeline);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(runQuietly(directory, file)).isEqualTo(DistilleryCli.USAGE);
    } finally {
      System.setErr(original);
    }
    assertThat(directory.resolve("runs")).doesNotExist();
    return err.toString(StandardCharsets.UTF_8).replace(file.toString(), "FILE");
  }

  /**
   * Runs the pipeline {@code file} through the CLI ({@code run -q}, no metrics port) with its runs
   * under {@code directory/runs}, expecting it to succeed; returns its run directory.
   */
  static Path runToEnd(Path directory, Path file) throws IOException {
    assertThat(runQuietly(directory, file)).isZero();
    Path pipelineRuns;
    try (java.util.stream.Stream<Path> pipelines = Files.list(directory.resolve("runs"))) {
      pipelineRuns = pipelines.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    try (java.util.stream.Stream<Path> runs = Files.list(pipelineRuns)) {
      return runs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  private static int runQuietly(Path directory, Path file) {
    return DistilleryCli.execute(
        "run",
        file.toString(),
        "--runs-dir",
        directory.resolve("runs").toString(),
        "--metrics-port",
        "-1",
        "-q");
  }
}
