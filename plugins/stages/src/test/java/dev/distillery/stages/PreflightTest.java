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
 * Feature points a method can't use are reported before any stage starts, for every stage at once,
 * each at the line and column of the loss it is about, with the model's feature points and no run
 * directory left behind.
 */
class PreflightTest {

  @Test
  void wrongFeaturePointsStopTheRunBeforeItStarts(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "preflight.yaml",
            """
            pipeline: preflight
            device: cpu
            dataset: {name: synthetic, with: {train-size: 64, test-size: 16}}
            defaults:
              distill: {teacher: teacher, epochs: 1}
            stages:
              teacher: {uses: train, with: {model: resnet8, epochs: 1}}
              ok: {uses: distill, needs: [teacher], with: {student: resnet8, losses: [{uses: at}]}}
              no-layers: {uses: distill, needs: [teacher], with: {student: lenet5-half, losses: [{uses: at}]}}
              wrong-point:
                uses: distill
                needs: [teacher]
                with:
                  student: resnet8
                  losses: [{uses: sp, with: {student-feature: layer9}}]
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
    String located = file + ":%d:%d: stage '%s': losses[0] (uses: %s)";
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(located.formatted(9, 86, "no-layers", "at"))
        .contains(located.formatted(15, 16, "wrong-point", "sp"))
        .contains("'lenet5-half' has no feature point 'layer1'")
        .contains("stage 'wrong-point': losses[0] (uses: sp)")
        .contains("'layer9'")
        .doesNotContain("stage 'ok'")
        .contains("nothing was run");
    assertThat(runs).doesNotExist();
  }
}
