package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.StageStatus;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A data-free pipeline runs end to end: both recipes train a student from generated images, leave
 * the student as a model the evaluate stage measures, image grids before the first and after every
 * epoch, per-epoch figures (loss terms, agreement on generated and test images, class coverage) in
 * metrics.jsonl, and a report that says which data each data-free stage saw and links its images.
 */
class DataFreePipelineTest {

  @Test
  void bothRecipesTrainAStudentAndReportWhatTheySaw() throws Exception {
    SharedRun run = DataFreeRuns.run();
    assertThat(run.result().outcomes().values())
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));

    for (String stage : List.of("dafl", "dfad")) {
      JsonNode result =
          OptionsMapper.mapper()
              .readTree(run.directory().stageDirectory(stage).resolve("result.json").toFile());
      assertThat(result.path("models").get(0).path("architecture").asText())
          .isEqualTo("lenet5-half");
      assertThat(result.path("summary").path("test.accuracy").asDouble()).isBetween(0.0, 1.0);
      assertThat(result.path("summary").path("generated.class-coverage").asDouble())
          .isBetween(0.0, 10.0);
      assertThat(result.path("report").path("data-seen").asText())
          .startsWith("no training or validation images")
          .contains("the test split (64 images) for evaluation only");
      assertThat(result.path("report").path("images"))
          .extracting(JsonNode::asText)
          .containsExactly(
              "stages/" + stage + "/images/epoch-0000.png",
              "stages/" + stage + "/images/epoch-0001.png",
              "stages/" + stage + "/images/epoch-0002.png",
              "stages/" + stage + "/images/epoch-0003.png");
      for (JsonNode image : result.path("report").path("images")) {
        byte[] png = Files.readAllBytes(run.directory().path().resolve(image.asText()));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      }
      assertThat(run.directory().stageDirectory(stage).resolve("generator.params")).isRegularFile();
    }

    List<String> epochs =
        Files.readAllLines(run.directory().metricsFile()).stream()
            .filter(l -> l.contains("\"event\":\"epoch\"") && l.contains("\"stage\":\"dafl\""))
            .toList();
    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(2))
        .contains(
            "\"loss_student.kd\"",
            "\"loss_generator.one-hot\"",
            "\"loss_generator.information-entropy\"",
            "\"loss_generator.activation\"",
            "\"generated_agreement\"",
            "\"generated_class_coverage\"",
            "\"test_accuracy\"",
            "\"test_agreement\"",
            "\"latent_per_second\"",
            "\"lr_student\":0.002",
            "\"lr_generator\":0.2");

    String report = Files.readString(run.directory().reportMarkdown());
    assertThat(report)
        .contains("## Data-free students")
        .contains("`dafl` (recipe dafl, generator dafl-generator 1x32x32")
        .contains("no training or validation images")
        .contains("(stages/dfad/images/epoch-0003.png)");
  }
}
