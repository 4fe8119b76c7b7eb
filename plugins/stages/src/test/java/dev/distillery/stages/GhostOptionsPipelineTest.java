package dev.distillery.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Ghost model with a ratio below 2 or an even depthwise kernel is refused before anything runs,
 * at the line and column of its model options (a train stage's {@code model-options}, a distill
 * stage's {@code student-options}), with the option, the value and what is allowed.
 */
class GhostOptionsPipelineTest {

  @Test
  void aGhostStudentsBadOptionsAreRefusedBeforeTheRun(@TempDir Path directory) throws Exception {
    String err =
        TinyPipelines.refusedRun(
            directory,
            """
            pipeline: ghost-mistakes
            device: cpu
            dataset: {name: synthetic, with: {train-size: 64, test-size: 16}}
            stages:
              teacher: {uses: train, with: {model: lenet5, epochs: 1}}
              alone: {uses: train, with: {model: ghost-resnet20, model-options: {ratio: 1}}}
              kd:
                uses: distill
                needs: [teacher]
                with: {teacher: teacher, student: ghost-resnet20, student-options: {ratio: 1, dw-kernel: 4}}
            """);
    assertThat(err)
        .contains(
            "FILE:6:69: stage 'alone': model 'ghost-resnet20': option 'ratio' is 1; it must be an"
                + " integer >= 2")
        .contains(
            "FILE:10:72: stage 'kd': model 'ghost-resnet20': option 'ratio' is 1; it must be an"
                + " integer >= 2")
        .contains("; option 'dw-kernel' is 4; it must be odd and >= 1 (1, 3, 5, ...")
        .contains("nothing was run")
        .doesNotContain("Exception");
  }
}
