package dev.distillery.report;

import dev.distillery.cli.DistilleryCli;
import dev.distillery.run.RunState;
import dev.distillery.run.StageStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run directories for the report tests, from the files of a real run kept in the test resources
 * ({@code tiny-report/}: run.json, pipeline.resolved.json, metrics.jsonl and report.json of a
 * pipeline on the synthetic dataset with 4 classes: a teacher, a student alone and a KD student,
 * both repeated twice, and an evaluation with the student alone as baseline; the model files are
 * left out, the report does not read them).
 */
final class RunFixtures {

  static final String RUN_ID = "20261206-063130";
  static final List<String> FILES =
      List.of("run.json", "pipeline.resolved.json", "metrics.jsonl", "report.json");

  private RunFixtures() {}

  /** The finished run, copied to {@code root/runs/tiny-report/<run-id>/}. */
  static Path finishedRun(Path root) throws IOException {
    return finishedRun(root, RUN_ID);
  }

  /** The finished run under another run id. */
  static Path finishedRun(Path root, String runId) throws IOException {
    Path run = root.resolve("runs").resolve("tiny-report").resolve(runId);
    Files.createDirectories(run.resolve("stages"));
    for (String file : FILES) {
      try (InputStream in = RunFixtures.class.getResourceAsStream("tiny-report/" + file)) {
        Files.copy(in, run.resolve(file));
      }
    }
    return run;
  }

  /**
   * The same run caught while {@code student-kd.2} trains its second epoch: run 2 of the KD student
   * running, the evaluation pending (no report.json yet), and the last line of metrics.jsonl half
   * written.
   */
  static Path runInProgress(Path root) throws IOException {
    Path run = finishedRun(root);
    Files.delete(run.resolve("report.json"));
    RunState state = RunState.read(run.resolve("run.json"));
    state.status = "running";
    RunState.StageRecord kd2 = state.stage("student-kd.2");
    kd2.status = StageStatus.RUNNING;
    kd2.finishedAt = null;
    kd2.seconds = null;
    RunState.StageRecord evaluate = state.stage("evaluate");
    evaluate.status = StageStatus.PENDING;
    evaluate.startedAt = null;
    evaluate.finishedAt = null;
    evaluate.seconds = null;
    evaluate.attempts = 0;
    state.write(run.resolve("run.json"));
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    StringBuilder kept = new StringBuilder();
    boolean kd2Started = false;
    for (String line : lines) {
      boolean kd2Line = line.contains("\"stage\":\"student-kd.2\"");
      if (kd2Line && line.contains("\"epoch\":2")) {
        break; // epoch 2 of run 2 has not ended
      }
      kd2Started |= kd2Line;
      kept.append(line).append('\n');
    }
    if (!kd2Started) {
      throw new IllegalStateException("the fixture's metrics.jsonl changed: no student-kd.2 line");
    }
    kept.append("{\"time\":\"2026-12-06T06:31:33Z\",\"stage\":\"student-kd.2\",\"event\":\"ep");
    Files.writeString(run.resolve("metrics.jsonl"), kept);
    return run;
  }

  /** What a command printed and its exit code. */
  record Printed(int code, String out, String err) {}

  /** Runs the command line with stdout and stderr captured. */
  static Printed execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    return new Printed(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
