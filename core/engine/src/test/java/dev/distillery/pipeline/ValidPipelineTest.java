package dev.distillery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.options.OptionsMapper;
import org.junit.jupiter.api.Test;

/** A valid file parses: defaults merged (deep, stage wins), needs as string or list, order kept. */
class ValidPipelineTest {

  private static final String PIPELINE =
      """
      pipeline: quickstart
      description: LeNet-5 -> LeNet-5-half with Hinton KD
      device: cpu
      dataset:
        name: synthetic
        limit: 100
        with: {pad-to: 32}
      defaults:
        train: {epochs: 5, lr: 0.05}
        distill: {methods: [{uses: kd}]}
      stages:
        teacher:
          uses: train
          with: {model: lenet5, epochs: 2}
        student:
          uses: train
          needs: teacher
          with: {model: lenet5-half}
        kd:
          uses: distill
          needs: [teacher, student]
          with:
            teacher: teacher
            methods:
              - uses: kd
                with: {temperature: 8}
      """;

  @Test
  void parsesEveryPart() throws Exception {
    PipelineSpec spec = TestPipelines.parse(PIPELINE);

    assertThat(spec.source()).isEqualTo("p.yaml");
    assertThat(spec.name()).isEqualTo("quickstart");
    assertThat(spec.description()).isEqualTo("LeNet-5 -> LeNet-5-half with Hinton KD");
    assertThat(spec.seed()).isEqualTo(42L);
    assertThat(spec.device()).isEqualTo(DeviceChoice.CPU);

    DatasetSpec dataset = spec.dataset();
    assertThat(dataset.name()).isEqualTo("synthetic");
    assertThat(dataset.limit()).isEqualTo(100);
    assertThat(dataset.testLimit()).isNull();
    assertThat(dataset.validation()).isEqualTo(0.1);
    assertThat(dataset.typedOptions()).isEqualTo(new FakeSyntheticDataset.Options(64, 32));
    assertThat(dataset.options().toString()).isEqualTo("{\"pad-to\":32}");

    assertThat(spec.stages().keySet()).containsExactly("teacher", "student", "kd");
    StageSpec teacher = spec.stage("teacher");
    assertThat(teacher.uses()).isEqualTo("train");
    assertThat(teacher.needs()).isEmpty();
    assertThat(teacher.options()).isEqualTo(new FakeTrainStage.Options("lenet5", 2, 0.05, 32));
    assertThat(teacher.with())
        .isEqualTo(
            OptionsMapper.mapper().readTree("{\"epochs\":2,\"lr\":0.05,\"model\":\"lenet5\"}"));

    StageSpec student = spec.stage("student");
    assertThat(student.needs()).containsExactly("teacher");
    assertThat(student.options()).isEqualTo(new FakeTrainStage.Options("lenet5-half", 5, 0.05, 32));

    StageSpec kd = spec.stage("kd");
    assertThat(kd.needs()).containsExactly("teacher", "student");
    FakeDistillStage.Options distill = (FakeDistillStage.Options) kd.options();
    assertThat(distill.teacher()).isEqualTo("teacher");
    // a list from the stage replaces the list from defaults
    assertThat(distill.methods()).hasSize(1);
    assertThat(distill.methods().get(0).with().get("temperature").asInt()).isEqualTo(8);

    assertThat(spec.stages().values()).allSatisfy(s -> assertThat(s.key()).matches("[0-9a-f]{64}"));
  }

  @Test
  void leavesDefaultsWhereTheFileSaysNothing() {
    PipelineSpec spec =
        TestPipelines.parse(
            """
            pipeline: tiny
            dataset: {name: synthetic}
            stages:
              only: {uses: evaluate}
            """);

    assertThat(spec.description()).isNull();
    assertThat(spec.seed()).isEqualTo(PipelineSpec.DEFAULT_SEED);
    assertThat(spec.device()).isEqualTo(DeviceChoice.AUTO);
    assertThat(spec.dataset().validation()).isEqualTo(DatasetSpec.DEFAULT_VALIDATION);
    assertThat(spec.dataset().limit()).isNull();
    assertThat(spec.stage("only").with().isEmpty()).isTrue();
  }
}
