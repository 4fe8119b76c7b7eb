package dev.distillery.stages.faults;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs a small two-stage pipeline through the CLI and captures what it prints. */
final class FaultRuns {

  /** A teacher (3 epochs, a checkpoint every 4 steps) and a student trained alone. */
  static final String PIPELINE =
      """
      pipeline: faults
      seed: 17
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 256, test-size: 32}
      defaults:
        train:
          batch-size: 32
          checkpoint-every-steps: 4
          optimizer: {type: sgd, lr: 0.05, momentum: 0.9}
      stages:
        teacher:
          uses: train
          with: {model: lenet5-half, epochs: 3}
        student:
          uses: train
          needs: [teacher]
          with: {model: lenet5-half, epochs: 1}
      """;

  /** What a CLI invocation returned and printed. */
  record Outcome(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private FaultRuns() {}

  static Path write(Path directory) throws IOException {
    Path file = directory.resolve("faults.yaml");
    Files.writeString(file, PIPELINE);
    return file;
  }

  /** Runs the CLI in this JVM, capturing standard output and error. */
  static synchronized Outcome cli(String... arguments) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    try {
      int code = DistilleryCli.execute(arguments);
      return new Outcome(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** {@code run -q} of the pipeline with runs under {@code runs}. */
  static Outcome run(Path pipeline, Path runs) {
    return cli(
        "run", pipeline.toString(), "--runs-dir", runs.toString(), "--metrics-port", "-1", "-q");
  }

  /** The only run directory under {@code runs}. */
  static Path runDirectory(Path runs) throws IOException {
    try (Stream<Path> ids = Files.list(runs.resolve("faults"))) {
      return ids.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  static Path params(Path run, String stage) {
    return run.resolve("stages").resolve(stage).resolve("model.params");
  }
}
