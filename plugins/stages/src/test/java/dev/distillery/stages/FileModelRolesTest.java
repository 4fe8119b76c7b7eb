package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models loaded from files are teachers only: {@code train} and {@code distill} refuse them as the
 * model they train, {@code data-free-distill} refuses an imported teacher (it back-propagates
 * through it), and {@code import-model} refuses a model Distillery trains and a missing file — all
 * when the pipeline is loaded, at the option's line.
 */
class FileModelRolesTest {

  @Test
  void fileModelsCanNotBeTrainedAndImportModelOnlyImportsFiles(@TempDir Path directory)
      throws Exception {
    String pipeline =
        """
        pipeline: file-model-roles
        device: cpu
        %s
        stages:
          teacher:
            uses: import-model
            with: {model: torchscript, model-options: {file: %s}}
          trained-script:
            uses: train
            with: {model: torchscript}
          student-onnx:
            uses: distill
            needs: [teacher]
            with: {teacher: teacher, student: onnx, losses: [{uses: kd}]}
          data-free:
            uses: data-free-distill
            needs: [teacher]
            with: {teacher: teacher, student: resnet8, recipe: {uses: dafl}}
          zoo-import:
            uses: import-model
            with: {model: lenet5}
          missing-file:
            uses: import-model
            with: {model: onnx, model-options: {file: no/such/teacher.onnx}}
        """
            .formatted(
                FileTeacherRuns.DATASET.strip().replace("\n", "\n        "),
                FileTeacherRuns.file("dict-teacher.pt"));

    FileTeacherRuns.Outcome outcome = FileTeacherRuns.run(directory, "roles.yaml", pipeline);

    assertThat(outcome.code()).as(outcome.err()).isEqualTo(DistilleryCli.USAGE);
    assertThat(outcome.err())
        .contains(
            "model 'torchscript' is loaded from a file and runs in inference only: it can be a"
                + " teacher")
        .contains("model 'onnx' is loaded from a file and runs in inference only")
        .contains("teacher stage 'teacher' imports a model from a file")
        .contains("model 'lenet5' is built and trained by Distillery (use `train`)")
        .contains("onnx, torchscript")
        .contains("model file 'no/such/teacher.onnx' does not exist");
    assertThat(outcome.err())
        .containsPattern("roles\\.yaml:\\d+:\\d+: option 'model' of stage 'trained-script'")
        .containsPattern("roles\\.yaml:\\d+:\\d+: option 'student' of stage 'student-onnx'")
        .containsPattern(
            "roles\\.yaml:\\d+:\\d+: option 'model-options.file' of stage 'missing-file'");
    assertThat(outcome.runs()).doesNotExist();
  }
}
