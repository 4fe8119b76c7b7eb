package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.cli.DistilleryCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imported teachers that do not fit the dataset stop the run before any stage starts (a training
 * stage before them included), all reported together at their file option: a file that does not
 * load, logits of another class count, another input shape (TorchScript: the forward pass fails;
 * ONNX: the graph's declared input). Each message names the file and both values; no stack trace,
 * no run directory.
 */
class FileTeacherPreflightTest {

  @Test
  void teachersThatDoNotFitAreReportedBeforeAnyStageStarts(@TempDir Path directory)
      throws Exception {
    Path broken = directory.resolve("broken.pt");
    Files.writeString(broken, "not a TorchScript file", StandardCharsets.US_ASCII);
    String pipeline =
        """
        pipeline: bad-file-teachers
        device: cpu
        %s
        stages:
          trained:
            uses: train
            with: {model: resnet8, epochs: 1}
          broken:
            uses: import-model
            with: {model: torchscript, model-options: {file: %s}}
          classes:
            uses: import-model
            with: {model: torchscript, model-options: {file: %s}}
          shape-pt:
            uses: import-model
            with: {model: torchscript, model-options: {file: %s}}
          shape-onnx:
            uses: import-model
            with: {model: onnx, model-options: {file: %s}}
          classes-onnx:
            uses: import-model
            with: {model: onnx, model-options: {file: %s}}
        """
            .formatted(
                FileTeacherRuns.DATASET.strip().replace("\n", "\n        "),
                broken,
                FileTeacherRuns.file("wrong-classes.pt"),
                FileTeacherRuns.file("wrong-shape.pt"),
                FileTeacherRuns.file("wrong-shape.onnx"),
                FileTeacherRuns.file("wrong-classes.onnx"));

    FileTeacherRuns.Outcome outcome = FileTeacherRuns.run(directory, "bad.yaml", pipeline);

    assertThat(outcome.code()).as(outcome.err()).isEqualTo(DistilleryCli.USAGE);
    assertThat(outcome.err())
        .contains("stage 'broken': TorchScript file '" + broken + "' does not load")
        .contains(
            "stage 'classes': TorchScript file '"
                + FileTeacherRuns.file("wrong-classes.pt")
                + "': its logits ('logits') have 5 classes but the dataset has 4 classes")
        .contains(
            "stage 'shape-pt': TorchScript file '"
                + FileTeacherRuns.file("wrong-shape.pt")
                + "' does not run on the dataset's images (a batch of 2x1x8x8)")
        .contains(
            "stage 'shape-onnx': ONNX file '"
                + FileTeacherRuns.file("wrong-shape.onnx")
                + "' takes input ?x1x16x16 but the dataset's images are 1x8x8")
        .contains(
            "stage 'classes-onnx': ONNX file '"
                + FileTeacherRuns.file("wrong-classes.onnx")
                + "': its logits ('logits') have 5 classes but the dataset has 4 classes")
        .doesNotContain("stage 'trained'")
        .doesNotContain("\tat ")
        .contains("nothing was run");
    assertThat(outcome.err()).containsPattern("bad\\.yaml:\\d+:\\d+: stage 'classes'");
    assertThat(outcome.runs()).doesNotExist();
  }
}
