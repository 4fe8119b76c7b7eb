package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teachers trained in PyTorch enter a pipeline through {@code import-model}: a TorchScript teacher
 * runs once into an extract-features store that the distill stage reads ({@code cached (stage X)}),
 * an ONNX teacher is computed on the fly by another distill stage, and evaluate measures both
 * teachers and both students. The imported files are copied into the run, and the model artifacts
 * point at the copies.
 */
class FileTeacherPipelineTest {

  @Test
  void importedTeachersDistilStudentsThroughTheStoreAndOnTheFly(@TempDir Path directory)
      throws Exception {
    String pipeline =
        """
        pipeline: file-teachers
        seed: 7
        device: cpu
        %s
        defaults:
          distill: {student: resnet8, epochs: 1, batch-size: 16, optimizer: {type: sgd, lr: 0.01}}
        stages:
          scripted:
            uses: import-model
            with:
              model: torchscript
              model-options: {file: %s, features: [pool, conv]}
          exported:
            uses: import-model
            with:
              model: onnx
              model-options: {file: %s, logits: logits, features: [conv]}
          scripted-outputs:
            uses: extract-features
            needs: [scripted]
            with: {model: scripted, features: [pool], batch-size: 16}
          from-store:
            uses: distill
            needs: [scripted, scripted-outputs]
            with:
              teacher: scripted
              losses: [{uses: kd, weight: 0.9, with: {temperature: 4}}]
          from-onnx:
            uses: distill
            needs: [exported]
            with:
              teacher: exported
              losses: [{uses: kd, weight: 0.9, with: {temperature: 4}}]
          evaluate:
            uses: evaluate
            needs: [scripted, exported, from-store, from-onnx]
            with: {latency-runs: 1, teacher: scripted}
        """
            .formatted(
                FileTeacherRuns.DATASET.strip().replace("\n", "\n        "),
                FileTeacherRuns.file("dict-teacher.pt"),
                FileTeacherRuns.file("dict-teacher.onnx"));

    FileTeacherRuns.Outcome outcome =
        FileTeacherRuns.run(directory, "file-teachers.yaml", pipeline);

    assertThat(outcome.code()).as(outcome.err()).isZero();
    JsonNode scripted = result(outcome.stage("scripted"));
    JsonNode model = scripted.path("models").get(0);
    assertThat(model.path("architecture").asText()).isEqualTo("torchscript");
    assertThat(model.path("options").has("file")).as("later stages load the copy").isFalse();
    assertThat(model.path("parameters").asText()).endsWith("dict-teacher.pt");
    assertThat(outcome.stage("scripted").resolve("dict-teacher.pt"))
        .hasSameBinaryContentAs(Path.of(FileTeacherRuns.file("dict-teacher.pt")));
    assertThat(scripted.path("summary").has("test.accuracy")).isTrue();
    assertThat(scripted.path("report").path("imported-from").asText())
        .isEqualTo(FileTeacherRuns.file("dict-teacher.pt"));
    assertThat(
            result(outcome.stage("exported")).path("models").get(0).path("architecture").asText())
        .isEqualTo("onnx");

    assertThat(result(outcome.stage("scripted-outputs")).path("summary").path("images").asInt())
        .isEqualTo(56); // 64 training images less 12.5 % held out
    assertThat(result(outcome.stage("from-store")).path("report").path("teacher-outputs").asText())
        .isEqualTo("cached (stage scripted-outputs)");
    assertThat(result(outcome.stage("from-onnx")).path("report").path("teacher-outputs").asText())
        .startsWith("computed: ");

    JsonNode evaluation = result(outcome.stage("evaluate")).path("summary");
    for (String stage : new String[] {"scripted", "exported", "from-store", "from-onnx"}) {
      assertThat(evaluation.path(stage + ".test.accuracy").asDouble(-1))
          .as(stage)
          .isBetween(0.0, 1.0);
    }
    // the same weights in both files: the two teachers predict alike
    assertThat(evaluation.path("exported.test.accuracy").asDouble())
        .isEqualTo(evaluation.path("scripted.test.accuracy").asDouble());
  }

  private static JsonNode result(Path stage) throws Exception {
    return OptionsMapper.mapper().readTree(Files.readString(stage.resolve("result.json")));
  }
}
