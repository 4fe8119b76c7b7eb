package dev.distillery.stages;

/**
 * One finished tiny run that the export tests read: a ResNet-8 teacher (batch norms), a
 * LeNet-5-half KD student, a DCGAN discriminator trained as a classifier (not exportable to ONNX),
 * and an evaluate stage that exports the teacher and the student to ONNX.
 */
final class ExportRuns {

  static final String PIPELINE =
      """
      pipeline: tiny-export
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.0
        with: {train-size: 128, test-size: 48, classes: 4}
      defaults:
        train: {epochs: 1, batch-size: 64, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 1, batch-size: 64, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: resnet8}
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
        critic:
          uses: train
          with: {model: dcgan-discriminator, model-options: {width: 4}}
        evaluate:
          uses: evaluate
          needs: [teacher, student-kd]
          with: {latency-runs: 1, export: [onnx]}
      """;

  private static SharedRun run;

  private ExportRuns() {}

  static synchronized SharedRun run() {
    if (run == null) {
      run = SharedRun.of("export-runs", PIPELINE);
    }
    return run;
  }
}
