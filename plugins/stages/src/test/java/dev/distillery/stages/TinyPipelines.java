package dev.distillery.stages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny pipeline files on the seeded synthetic dataset, for the end-to-end tests. */
final class TinyPipelines {

  private TinyPipelines() {}

  /** Teacher, student alone, KD student and evaluation on 256 synthetic images. */
  static final String TEACHER_STUDENT_KD =
      """
      pipeline: tiny-kd
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        student-alone:
          uses: train
          with: {model: lenet5-half}
        student-kd:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            losses:
              - uses: kd
                weight: 0.9
                with: {temperature: 4}
        evaluate:
          uses: evaluate
          needs: [teacher, student-alone, student-kd]
          with: {latency-runs: 3, baseline: student-alone}
      """;

  /** One training stage of three epochs, for interruption and resume. */
  static final String SINGLE_TRAIN =
      """
      pipeline: tiny-resume
      seed: 11
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 256, test-size: 32}
      stages:
        teacher:
          uses: train
          with:
            model: lenet5-half
            epochs: 3
            batch-size: 32
            optimizer: {type: sgd, lr: 0.05, momentum: 0.9, nesterov: true}
            augmentation: {crop-padding: 2, horizontal-flip: true}
      """;

  static Path write(Path directory, String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
