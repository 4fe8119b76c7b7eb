package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's answers to good and bad input, with every built-in plugin on the class path. */
class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listNamesEveryBuiltInPlugin() {
    int code = DistilleryCli.execute("list");

    assertThat(code).isZero();
    assertThat(output())
        .contains("train", "distill", "evaluate", "kd", "lenet5-half", "resnet20", "wrn-40-2")
        .contains("fashion-mnist", "synthetic");
  }

  @Test
  void theShippedPipelinesValidate() throws Exception {
    Path root = Path.of("../../pipelines");
    List<String> files;
    try (Stream<Path> listing = Files.list(root)) {
      files =
          listing
              .filter(file -> file.toString().endsWith(".yaml"))
              .map(Path::toString)
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);

    int code =
        DistilleryCli.execute(
            Stream.concat(Stream.of("validate"), files.stream()).toArray(String[]::new));

    assertThat(code).as(output()).isZero();
    assertThat(output())
        .contains("pipeline 'quickstart', 4 stages")
        .contains("pipeline 'fashion-mnist-methods'")
        .contains("feature points checked");
  }

  @Test
  void validateChecksFeaturePointsAndShapesAsRunDoes(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "shapes.yaml",
            """
            pipeline: shapes
            dataset: {name: synthetic, with: {train-size: 32, test-size: 16}}
            stages:
              teacher:
                uses: train
                with: {model: resnet8, epochs: 1}
              student:
                uses: distill
                needs: [teacher]
                with:
                  teacher: teacher
                  student: resnet8-half
                  losses: [{uses: fitnet, with: {student-feature: layer9}}]
            """);

    int code =
        DistilleryCli.execute("validate", file.toString(), "--runs-dir", directory.toString());

    assertThat(code).isEqualTo(DistilleryCli.USAGE);
    assertThat(output())
        .contains("shapes.yaml:13:")
        .contains("model 'resnet8-half' has no feature point 'layer9'")
        .contains("layer3.pre")
        .doesNotContain(": ok")
        .doesNotContain("\tat ");
  }

  @Test
  void aBadPipelineIsRejectedWithItsPositionAndNoStackTrace(@TempDir Path directory)
      throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "bad.yaml",
            """
            pipeline: bad
            dataset: {name: synthetic}
            stages:
              teacher:
                uses: trian
            """);

    int code = DistilleryCli.execute("validate", file.toString());

    assertThat(code).isEqualTo(DistilleryCli.USAGE);
    assertThat(output())
        .contains("bad.yaml:5:")
        .contains("trian")
        .contains(
            "available: data-free-distill, distill, distill-generator, evaluate,"
                + " evaluate-generators, extract-features, import-model, pretrain-paraphraser, train,"
                + " train-gan")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingPipelineFileIsAClearError(@TempDir Path directory) {
    int code =
        DistilleryCli.execute(
            "run", directory.resolve("nope.yaml").toString(), "--runs-dir", directory.toString());

    assertThat(code).isEqualTo(DistilleryCli.USAGE);
    assertThat(output()).contains("nope.yaml").contains("does not exist").doesNotContain("\tat ");
  }

  @Test
  void aGpuPipelineWithoutCudaFailsBeforeAnythingStarts(@TempDir Path directory) throws Exception {
    Path file =
        TinyPipelines.write(
            directory,
            "gpu.yaml",
            """
            pipeline: gpu-please
            device: gpu
            dataset: {name: synthetic}
            stages:
              teacher: {uses: train, with: {model: lenet5-half, epochs: 1}}
            """);
    Path runs = directory.resolve("runs");

    int code = DistilleryCli.execute("run", file.toString(), "--runs-dir", runs.toString());

    assertThat(code).isEqualTo(DistilleryCli.USAGE);
    assertThat(output()).contains("device: gpu").contains("-Pcuda").contains("device: auto");
    assertThat(runs).doesNotExist();
  }

  @Test
  void thePublishedSchemaIsTheGeneratedOne() throws Exception {
    int code = DistilleryCli.execute("schema");

    assertThat(code).isZero();
    String published =
        java.nio.file.Files.readString(Path.of("../../pipelines/pipeline.schema.json"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .as(
            "pipelines/pipeline.schema.json is stale: regenerate it with"
                + " `./distillery schema > pipelines/pipeline.schema.json`")
        .isEqualTo(published);
  }
}
