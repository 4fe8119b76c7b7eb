package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key of an {@code import-model} stage holds the digest of its file: replacing the file's
 * content (same path, same options) changes the key of the stage and of every stage after it, and
 * no other; loading the same file again gives the same keys.
 */
class ImportedFileStageKeyTest {

  @Test
  void changingTheFileChangesTheKeysOfTheImportAndItsDependants(@TempDir Path directory)
      throws Exception {
    Path teacher = directory.resolve("teacher.pt");
    Files.copy(Path.of(FileTeacherRuns.file("dict-teacher.pt")), teacher);
    String text =
        """
        pipeline: file-key
        device: cpu
        %s
        stages:
          teacher:
            uses: import-model
            with: {model: torchscript, model-options: {file: %s}}
          student:
            uses: distill
            needs: [teacher]
            with: {teacher: teacher, student: resnet8, losses: [{uses: kd}]}
          alone:
            uses: train
            with: {model: resnet8}
        """
            .formatted(FileTeacherRuns.DATASET.strip().replace("\n", "\n        "), teacher);
    Path file = TinyPipelines.write(directory, "key.yaml", text);
    PipelineLoader loader =
        new PipelineLoader(PluginRegistry.discover(getClass().getClassLoader()));

    PipelineSpec before = loader.load(file);
    PipelineSpec again = loader.load(file);
    Files.copy(
        Path.of(FileTeacherRuns.file("tensor-teacher.pt")),
        teacher,
        StandardCopyOption.REPLACE_EXISTING);
    PipelineSpec after = loader.load(file);

    assertThat(again.stage("teacher").key()).isEqualTo(before.stage("teacher").key());
    assertThat(after.stage("teacher").key()).isNotEqualTo(before.stage("teacher").key());
    assertThat(after.stage("student").key()).isNotEqualTo(before.stage("student").key());
    assertThat(after.stage("alone").key()).isEqualTo(before.stage("alone").key());
  }
}
