package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.run.StageStatus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stages with a {@code transfer-set} train on it and say so: no image of a dropped class, the same
 * images for a distilled and a hard-label student with the same options, a share of each class for
 * a fraction (fewer steps per epoch), while the teacher trains on every image.
 */
class TransferSetTrainingTest {

  private static JsonNode trainingImages(SharedRun run, String stage) throws Exception {
    JsonNode result =
        OptionsMapper.mapper()
            .readTree(run.directory().stageDirectory(stage).resolve("result.json").toFile());
    return result.path("report").path("training-images");
  }

  private static List<Integer> perClass(JsonNode entry) {
    List<Integer> counts = new ArrayList<>();
    entry.path("per-class").forEach(n -> counts.add(n.asInt()));
    return counts;
  }

  @Test
  void studentsTrainOnTheTransferSetAndTheTeacherOnEverything() throws Exception {
    SharedRun run = TransferSetRuns.run();
    assertThat(run.result().outcomes().values())
        .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(StageStatus.SUCCEEDED));

    JsonNode teacher = trainingImages(run, "teacher");
    JsonNode kd = trainingImages(run, "student-kd");
    JsonNode hard = trainingImages(run, "student-hard");
    JsonNode quarter = trainingImages(run, "student-quarter");
    List<Integer> all = perClass(teacher);

    assertThat(teacher.path("images").asInt()).isEqualTo(240).isEqualTo(teacher.path("of").asInt());
    assertThat(all).hasSize(10).allSatisfy(n -> assertThat(n).isPositive());
    List<Integer> withoutThree = new ArrayList<>(all);
    withoutThree.set(3, 0);
    assertThat(perClass(kd)).isEqualTo(withoutThree);
    assertThat(kd.path("images").asInt()).isEqualTo(240 - all.get(3));
    assertThat(kd.path("images-digest").asText())
        .isEqualTo(hard.path("images-digest").asText())
        .isNotEqualTo(teacher.path("images-digest").asText());

    List<Integer> quarterCounts = perClass(quarter);
    for (int c = 0; c < 10; c++) {
      int expected = c == 3 ? 0 : (int) Math.max(1, Math.round(0.25 * all.get(c)));
      assertThat(quarterCounts.get(c)).as("class " + c).isEqualTo(expected);
    }
    // the training loop ran on the quarter: ceil(images / 32) steps per epoch
    int images = quarter.path("images").asInt();
    long steps =
        run.progress().stream()
            .filter(e -> "student-quarter".equals(e.getString("stage")))
            .map(JsonObject.class::cast)
            .mapToLong(e -> e.getLong("total"))
            .max()
            .orElseThrow();
    assertThat(steps).isEqualTo((images + 31) / 32).isLessThan(240 / 32);
  }
}
