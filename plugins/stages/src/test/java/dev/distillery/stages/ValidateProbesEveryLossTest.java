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
 * {@code validate} computes every loss once on a probe batch: a loss that is not reduced to a
 * scalar, or is NaN, is reported at its position naming the stage and {@code losses[i] (uses: id)},
 * and validate exits non-zero without a stack trace.
 */
class ValidateProbesEveryLossTest {

  @Test
  void lossesThatBreakTheContractAreReported(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "contract.yaml",
            """
            pipeline: contract
            device: cpu
            dataset: {name: synthetic, with: {train-size: 32, test-size: 16}}
            defaults:
              distill: {teacher: teacher, student: lenet5-half, epochs: 1}
            stages:
              teacher: {uses: train, with: {model: lenet5, epochs: 1}}
              fine: {uses: distill, needs: [teacher], with: {losses: [{uses: kd}]}}
              unreduced:
                uses: distill
                needs: [teacher]
                with:
                  losses:
                    - uses: kd
                    - uses: unreduced
              not-a-number: {uses: distill, needs: [teacher], with: {losses: [{uses: always-nan}]}}
            """);
    String output;
    int code;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code =
          DistilleryCli.execute(
              "validate",
              file.toString(),
              "--plugin-dir",
              ContractBreakingMethods.pluginDirectory(directory).toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
      // the command line widens the thread's class loader by the plugin directory: no other test
      // may see these methods
      Thread.currentThread().setContextClassLoader(loader);
    }
    output = captured.toString(StandardCharsets.UTF_8);

    assertThat(code).as(output).isEqualTo(DistilleryCli.USAGE);
    assertThat(output)
        .containsPattern(
            java.util.regex.Pattern.quote(file + ":15:")
                + "\\d+: "
                + java.util.regex.Pattern.quote(
                    "stage 'unreduced': losses[1] (uses: unreduced) returned a float32 tensor of"
                        + " shape (4, 10); a loss must be a float32 scalar: reduce it (e.g."
                        + " .mean())"))
        .contains(
            "stage 'not-a-number': losses[0] (uses: always-nan) returned NaN on a probe batch of"
                + " the first 4 training images")
        .doesNotContain("stage 'fine'")
        .doesNotContain("losses[0] (uses: kd)")
        .doesNotContain(": ok")
        .doesNotContain("\tat ");
  }
}
