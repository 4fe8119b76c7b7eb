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
 * {@code distillery export} refuses bad input with the usage exit code and one message that names
 * the thing, the bad value and how to fix it — no stack trace, no file written.
 */
class ExportBadInputTest {

  private static String refused(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute(args);
    } finally {
      System.setErr(original);
    }
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isEqualTo(DistilleryCli.USAGE);
    assertThat(printed).startsWith("error: ").doesNotContain("Exception", "\tat ");
    return printed;
  }

  private static String run() {
    return ExportRuns.run().directory().path().toString();
  }

  @Test
  void aDirectoryThatIsNoRun(@TempDir Path directory) {
    assertThat(refused("export", directory.toString(), "student-kd"))
        .contains("'" + directory + "' is not a run directory", "distillery runs");
  }

  @Test
  void aStageTheRunDoesNotHave() {
    assertThat(refused("export", run(), "student"))
        .contains("has no stage 'student'", "student-kd", "those with a trained model");
  }

  @Test
  void aStageThatLeftNoModel() {
    assertThat(refused("export", run(), "evaluate"))
        .contains("stage 'evaluate'", "left no trained model", "teacher, student-kd");
  }

  @Test
  void anUnknownFormat() {
    assertThat(refused("export", run(), "student-kd", "--format", "tflite"))
        .contains("unknown export format 'tflite'; available: [onnx]");
  }

  @Test
  void anOutputThatIsADirectory(@TempDir Path directory) {
    assertThat(refused("export", run(), "student-kd", "--output", directory.toString()))
        .contains("'" + directory + "' is a directory", "student.onnx");
  }

  @Test
  void anArchitectureOnnxCannotDescribe() {
    assertThat(refused("export", run(), "critic", "--format", "onnx"))
        .contains("model 'dcgan-discriminator' cannot be exported to ONNX", "resnet20");
    assertThat(ExportRuns.run().directory().stageDirectory("critic").resolve("model.onnx"))
        .doesNotExist();
  }
}
