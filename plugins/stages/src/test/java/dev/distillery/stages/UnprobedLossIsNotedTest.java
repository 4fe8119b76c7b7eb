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
 * A loss that cannot be computed before the run (ft needs the paraphraser an earlier stage trains)
 * is not passed silently: {@code validate} says it was not probed, and why.
 */
class UnprobedLossIsNotedTest {

  @Test
  void validateNotesTheLossItCouldNotCompute(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "ft.yaml",
            """
            pipeline: ft-note
            device: cpu
            dataset: {name: synthetic, with: {train-size: 32, test-size: 16}}
            stages:
              teacher: {uses: train, with: {model: lenet5, epochs: 1}}
              paraphraser:
                uses: pretrain-paraphraser
                needs: [teacher]
                with: {teacher: teacher, feature-point: conv2}
              student:
                uses: distill
                needs: [teacher, paraphraser]
                with:
                  teacher: teacher
                  student: lenet5-half
                  losses: [{uses: kd}, {uses: ft, with: {student-feature: conv2, teacher-feature: conv2}}]
            """);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute("validate", file.toString());
    } finally {
      System.setOut(out);
    }
    String output = captured.toString(StandardCharsets.UTF_8);

    assertThat(code).as(output).isZero();
    assertThat(output)
        .contains(": ok")
        .contains(
            "note: stage 'student': losses[1] (uses: ft) was not probed: ft needs the paraphraser"
                + " that stage 'paraphraser' trains")
        .doesNotContain("losses[0] (uses: kd) was not probed");
  }
}
