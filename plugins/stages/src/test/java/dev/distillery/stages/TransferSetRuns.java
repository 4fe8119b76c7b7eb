package dev.distillery.stages;

/**
 * One run, shared by the transfer-set tests of a JVM, of a tiny omitted-class pipeline: a teacher
 * on every training image; a KD student and a hard-label student on the images without class 3; a
 * student on a quarter of each class less class 3; evaluation with {@code omitted-class: 3}.
 */
final class TransferSetRuns {

  static final String PIPELINE =
      """
      pipeline: tiny-omitted-class
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.25
        with: {train-size: 320, test-size: 100}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.01}}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        student-kd:
          uses: distill
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            transfer-set: {drop-classes: [3]}
            losses:
              - uses: kd
                weight: 0.9
                with: {temperature: 4}
        student-hard:
          uses: train
          with: {model: lenet5-half, transfer-set: {drop-classes: [3]}}
        student-quarter:
          uses: train
          with: {model: lenet5-half, transfer-set: {drop-classes: [3], fraction: 0.25}}
        evaluate:
          uses: evaluate
          needs: [teacher, student-kd, student-hard, student-quarter]
          with: {latency-runs: 1, omitted-class: 3}
      """;

  private static SharedRun run;

  private TransferSetRuns() {}

  static synchronized SharedRun run() {
    if (run == null) {
      run = SharedRun.of("transfer-set-runs", PIPELINE);
    }
    return run;
  }
}
