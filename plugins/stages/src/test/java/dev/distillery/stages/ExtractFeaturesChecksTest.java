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
 * An extract-features stage asking for a feature point its model doesn't have is reported before
 * any stage starts, with the model's feature points.
 */
class ExtractFeaturesChecksTest {

  @Test
  void unknownFeaturePointsStopTheRunBeforeItStarts(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "extract.yaml",
            """
            pipeline: extract-preflight
            device: cpu
            dataset: {name: synthetic, with: {train-size: 64, test-size: 16}}
            stages:
              teacher: {uses: train, with: {model: lenet5, epochs: 1}}
              features:
                uses: extract-features
                needs: [teacher]
                with: {model: teacher, features: [conv2, layer3]}
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
        .contains("stage 'features': features: model 'lenet5' of stage 'teacher'")
        .contains("has no feature point 'layer3'")
        .contains("conv1.pre")
        .contains("nothing was run");
    assertThat(runs).doesNotExist();
  }
}
