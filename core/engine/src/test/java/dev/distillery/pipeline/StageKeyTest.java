package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stage keys are stable, change with the stage or anything upstream, and with nothing else. Stages:
 * teacher <- student <- report, and an unrelated sibling.
 */
class StageKeyTest {

  private static final String PIPELINE =
      """
      pipeline: keys
      description: %s
      seed: %d
      device: %s
      dataset:
        name: synthetic
        with: {size: %d}
      defaults:
        train: {lr: 0.05}
      stages:
        teacher: {uses: train, with: {model: lenet5, epochs: %d}}
        sibling: {uses: train, with: {model: lenet5-half}}
        student: {uses: train, needs: teacher, with: {model: lenet5-half}}
        report: {uses: evaluate, needs: [student]}
      """;

  private static Map<String, String> keys(
      String description, long seed, String device, int size, int teacherEpochs) {
    PipelineSpec spec =
        TestPipelines.parse(PIPELINE.formatted(description, seed, device, size, teacherEpochs));
    Map<String, String> keys = new LinkedHashMap<>();
    spec.stages().forEach((id, stage) -> keys.put(id, stage.key()));
    return keys;
  }

  private static final Map<String, String> BASE = keys("base", 42, "auto", 64, 2);

  @Test
  void sameInputGivesSameKeys() {
    assertThat(keys("base", 42, "auto", 64, 2)).isEqualTo(BASE);
    assertThat(BASE.values()).doesNotHaveDuplicates();
  }

  @Test
  void changingAStageChangesItAndItsDependants() {
    Map<String, String> changed = keys("base", 42, "auto", 64, 3);

    assertThat(changed.get("teacher")).isNotEqualTo(BASE.get("teacher"));
    assertThat(changed.get("student")).isNotEqualTo(BASE.get("student"));
    assertThat(changed.get("report")).isNotEqualTo(BASE.get("report"));
    assertThat(changed.get("sibling")).isEqualTo(BASE.get("sibling"));
  }

  @Test
  void changingTheDatasetOrSeedChangesEveryKey() {
    Map<String, String> dataset = keys("base", 42, "auto", 65, 2);
    Map<String, String> seed = keys("base", 7, "auto", 64, 2);

    BASE.forEach(
        (id, key) -> {
          assertThat(dataset.get(id)).as(id).isNotEqualTo(key);
          assertThat(seed.get(id)).as(id).isNotEqualTo(key);
        });
  }

  @Test
  void descriptionAndDeviceDontCount() {
    assertThat(keys("other words", 42, "cpu", 64, 2)).isEqualTo(BASE);
  }

  @Test
  void writingADefaultValueDoesNotCount() {
    // epochs 1 is the train plugin's default: the resolved options are the same
    Map<String, String> explicit = keys("base", 42, "auto", 64, 1);
    PipelineSpec implicit =
        TestPipelines.parse(
            PIPELINE
                .formatted("base", 42L, "auto", 64, 1)
                .replace("{model: lenet5, epochs: 1}", "{model: lenet5}"));

    assertThat(implicit.stage("teacher").key()).isEqualTo(explicit.get("teacher"));
  }
}
