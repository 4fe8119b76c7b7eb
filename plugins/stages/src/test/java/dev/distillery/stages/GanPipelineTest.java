package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GAN-compression pipeline runs end to end: GANs trained with either loss, students distilled
 * with MSE and with the joint loss, a generator trained from scratch, each leaving its generator,
 * image grids and per-epoch loss terms; the evaluation measures every generator (Fréchet distance,
 * coverage, confidence, size), draws the chart and writes the table and the JSON.
 */
class GanPipelineTest {

  private static final List<String> GENERATORS =
      List.of("gan", "wgan", "small", "joint", "scratch");

  @Test
  void everyStageLeavesAGeneratorAndTheEvaluationMeasuresThemAll() throws Exception {
    SharedRun run = GanRuns.run();
    assertThat(run.result().outcomes().values())
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));

    for (String stage : GENERATORS) {
      Path directory = run.directory().stageDirectory(stage);
      assertThat(directory.resolve("generator.params")).isRegularFile();
      JsonNode result = OptionsMapper.mapper().readTree(directory.resolve("result.json").toFile());
      assertThat(result.path("report").path("generator-artifact").path("architecture").asText())
          .isEqualTo("dcgan-generator");
      assertThat(result.path("report").path("images"))
          .extracting(JsonNode::asText)
          .containsExactly(
              "stages/" + stage + "/images/epoch-0000.png",
              "stages/" + stage + "/images/epoch-0001.png",
              "stages/" + stage + "/images/epoch-0002.png");
      assertThat(result.path("summary").path("generated.class-coverage").asDouble())
          .isBetween(0.0, 10.0);
    }
    assertThat(run.directory().stageDirectory("gan").resolve("discriminator.params"))
        .isRegularFile();

    JsonNode small =
        OptionsMapper.mapper()
            .readTree(run.directory().stageDirectory("small").resolve("result.json").toFile());
    assertThat(small.path("summary").path("generator.parameters").asDouble())
        .isLessThan(small.path("summary").path("teacher.parameters").asDouble());
    assertThat(small.path("report").path("training").asText())
        .isEqualTo("distilled from gan (MSE)");

    List<String> metrics = Files.readAllLines(run.directory().metricsFile());
    assertThat(epochLine(metrics, "gan"))
        .contains(
            "\"loss_discriminator.loss\"",
            "\"loss_generator.loss\"",
            "\"generated_class_coverage\"",
            "\"generated_confidence\"");
    assertThat(epochLine(metrics, "wgan")).contains("\"loss_discriminator.gradient-penalty\"");
    assertThat(epochLine(metrics, "small")).contains("\"loss_student.mse\"");
    assertThat(epochLine(metrics, "joint"))
        .contains(
            "\"loss_student.mse\"", "\"loss_student.adversarial\"", "\"loss_discriminator.loss\"");
    assertThat(metrics.stream().filter(l -> l.contains("\"event\":\"generator-quality\"")))
        .hasSize(GENERATORS.size())
        .allSatisfy(l -> assertThat(l).contains("\"frechet_distance\""));

    JsonNode quality =
        OptionsMapper.mapper().readTree(run.directory().path().resolve("generators.json").toFile());
    assertThat(quality.path("generators"))
        .extracting(g -> g.path("stage").asText())
        .containsExactlyInAnyOrderElementsOf(GENERATORS);
    for (JsonNode generator : quality.path("generators")) {
      assertThat(generator.path("frechet-distance").asDouble()).isPositive().isFinite();
      assertThat(generator.path("parameters").asLong()).isPositive();
      assertThat(generator.path("multiply-accumulates").asLong()).isPositive();
      assertThat(generator.path("confidence").asDouble()).isBetween(0.1, 1.0);
      long images = 0;
      for (JsonNode n : generator.path("per-class")) {
        images += n.asLong();
      }
      assertThat(images).isEqualTo(64);
      assertThat(run.directory().path().resolve(generator.path("grid").asText())).isRegularFile();
    }
    assertThat(quality.path("test-half-distance").asDouble()).isPositive();
    byte[] chart = Files.readAllBytes(run.directory().path().resolve("generators-fid.png"));
    assertThat(chart).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(Files.readString(run.directory().path().resolve("generators.md")))
        .contains("comparable only with each other")
        .contains("| small | distilled from gan (MSE) |")
        .contains("| scratch | adversarial (non-saturating) |")
        .contains("![Fréchet distance against parameters](generators-fid.png)");
  }

  private static String epochLine(List<String> metrics, String stage) {
    return metrics.stream()
        .filter(l -> l.contains("\"event\":\"epoch\"") && l.contains("\"stage\":\"" + stage + "\""))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new AssertionError("no epoch record of stage " + stage));
  }
}
