package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.MethodPlugin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ghost models are students of every distillation method: {@code validate} builds each stage's
 * resnet8 teacher, Ghost student and method (feature points, shapes, connectors) and finds no
 * problem — for ghost-resnet20 with every method, and for ghostnet-small with every method but fsp,
 * whose FSP matrices need the teacher's channel counts (16/32/64; ghostnet-small has 16/24/40).
 */
class GhostStudentsOfEveryMethodTest {

  @Test
  void everyMethodAcceptsGhostStudents(@TempDir Path directory) throws Exception {
    PluginRegistry plugins = PluginRegistry.discover(getClass().getClassLoader());
    List<String> methods = plugins.methods().stream().map(MethodPlugin::id).sorted().toList();
    StringBuilder text =
        new StringBuilder(
            """
            pipeline: ghost-students
            device: cpu
            dataset: {name: synthetic, validation: 0.0, with: {train-size: 128, test-size: 16}}
            defaults:
              distill: {teacher: teacher, epochs: 1, batch-size: 32}
            stages:
              teacher: {uses: train, with: {model: resnet8, epochs: 1}}
              paraphraser:
                uses: pretrain-paraphraser
                needs: [teacher]
                with: {teacher: teacher, epochs: 1}
            """);
    for (String method : methods) {
      for (String student : List.of("ghost-resnet20", "ghostnet-small")) {
        if (student.equals("ghostnet-small") && method.equals("fsp")) {
          continue;
        }
        text.append(
            """
              %s-%s:
                uses: distill
                needs: [teacher%s]
                with: {student: %s, losses: [{uses: %s, with: %s}]}
            """
                .formatted(
                    method,
                    student,
                    EveryMethodPipelineTest.NEEDS.getOrDefault(method, ""),
                    student,
                    method,
                    EveryMethodPipelineTest.OPTIONS.getOrDefault(method, "{}")));
      }
    }
    Path file = TinyPipelines.write(directory, "ghost-students.yaml", text.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DistilleryCli.execute("validate", file.toString());
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(methods).hasSizeGreaterThanOrEqualTo(16);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ok — pipeline 'ghost-students', " + (2 + 2 * methods.size() - 1) + " stages")
        .contains("fsp-ghost-resnet20")
        .contains("crd-ghostnet-small");
  }
}
