package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.cli.DistilleryCli;
import dev.distillery.options.OptionsMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery export RUN_DIR STAGE --format onnx} writes the stage's model as ONNX and
 * export.json next to it: ONNX Runtime's logits on the run's test images within float tolerance of
 * DJL's, the same accuracy, operator set 13 and the model's input shape.
 */
class ExportCommandTest {

  @Test
  void exportsTheKdStudentNextToItsParametersAndRecordsTheCheck() throws Exception {
    Path run = ExportRuns.run().directory().path();

    String output = execute("export", run.toString(), "student-kd", "--format", "onnx");

    Path file = run.resolve("stages/student-kd/student.onnx");
    assertThat(file).isRegularFile();
    assertThat(output).contains("exported stage 'student-kd' (lenet5-half)", "matches DJL");
    JsonNode record =
        OptionsMapper.mapper().readTree(run.resolve("stages/student-kd/export.json").toFile());
    assertThat(record.path("passed").asBoolean()).isTrue();
    assertThat(record.path("file").asText()).isEqualTo("student.onnx");
    assertThat(record.path("architecture").asText()).isEqualTo("lenet5-half");
    assertThat(record.path("facts").path("opset").asInt()).isEqualTo(13);
    assertThat(record.path("facts").path("input-shape").toString())
        .isEqualTo("[\"batch\",1,32,32]");
    assertThat(record.path("runtime").asText()).startsWith("ONNX Runtime ");
    JsonNode check = record.path("check");
    assertThat(check.path("images").asInt()).isEqualTo(48);
    assertThat(check.path("max-absolute-difference").asDouble()).isBetween(0.0, 1e-4);
    assertThat(check.path("exported-accuracy").asDouble())
        .isEqualTo(check.path("djl-accuracy").asDouble());
    assertThat(check.path("outside-tolerance").asLong()).isZero();
  }

  @Test
  void writesWhereOutputSaysWithItsRecordBesideIt(@TempDir Path directory) throws Exception {
    Path run = ExportRuns.run().directory().path();
    Path file = directory.resolve("deploy/teacher.onnx");

    execute("export", run.toString(), "teacher", "--output", file.toString());

    assertThat(file).isRegularFile();
    JsonNode record =
        OptionsMapper.mapper().readTree(directory.resolve("deploy/export.json").toFile());
    assertThat(record.path("architecture").asText()).isEqualTo("resnet8");
    assertThat(record.path("model").asText()).isEqualTo("model");
    assertThat(record.path("passed").asBoolean()).isTrue();
    assertThat(Files.size(file)).isGreaterThan(10_000);
  }

  /** Runs the CLI, expecting success; returns what it printed. */
  private static String execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute(args);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    return printed;
  }
}
