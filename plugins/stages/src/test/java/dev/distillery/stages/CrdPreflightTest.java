package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preflight check gives crd the real training split (the training images less the validation
 * images): more negatives than training images stop the run before it starts, naming the count.
 */
class CrdPreflightTest {

  @Test
  void tooManyNegativesStopTheRunBeforeItStarts(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "crd-preflight.yaml",
            """
            pipeline: crd-preflight
            device: cpu
            dataset: {name: synthetic, validation: 0.25, with: {train-size: 64, test-size: 16}}
            stages:
              teacher: {uses: train, with: {model: lenet5-half, epochs: 1}}
              crd:
                uses: distill
                needs: [teacher]
                with:
                  teacher: teacher
                  student: lenet5-half
                  epochs: 1
                  losses: [{uses: crd, with: {student-feature: fc1, teacher-feature: fc1}}]
            """);
    Path runs = directory.resolve("runs");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          DistilleryCli.execute(
              "run", file.toString(), "--runs-dir", runs.toString(), "--metrics-port", "-1", "-q");
    } finally {
      System.setErr(original);
    }

    assertThat(code).isEqualTo(DistilleryCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("stage 'crd': losses[0] (uses: crd)")
        .contains("crd option negatives is 16384 but the training split has only 48 images")
        .contains("nothing was run");
    assertThat(runs).doesNotExist();
  }
}
