package dev.distillery.stages;

/**
 * One tiny data-free run per test JVM, shared by the data-free tests: a teacher on synthetic data,
 * a {@code dafl} and a {@code dfad} student (small generators, a few iterations; their tiny
 * generators cover few classes, so the class check is off for them), a stage whose collapse check
 * always fires ({@code min-classes} above the class count) so that it restores twice and then only
 * reports, and an evaluation.
 */
final class DataFreeRuns {

  static final String PIPELINE =
      """
      pipeline: data-free-tiny
      seed: 5
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        data-free-distill:
          teacher: teacher
          student: lenet5-half
          epochs: 3
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          image-every: 1
          collapse: {min-classes: 0}
      stages:
        teacher:
          uses: train
          with: {model: lenet5}
        dafl:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dafl}
            generator: {model: dafl-generator, with: {width: 4}}
        dfad:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dfad, with: {distance: kl, information-entropy: 5, student-steps: 2}}
            generator: {model: dfad-generator, with: {width: 4}}
        collapsing:
          uses: data-free-distill
          needs: [teacher]
          with:
            recipe: {uses: dfad, with: {student-steps: 1}}
            generator: {model: dfad-generator, with: {width: 4}}
            epochs: 2
            collapse: {min-classes: 11, max-restores: 2}
        evaluate:
          uses: evaluate
          needs: [teacher, dafl, dfad]
          with: {latency-runs: 1}
      """;

  private static SharedRun run;

  private DataFreeRuns() {}

  static synchronized SharedRun run() {
    if (run == null) {
      run = SharedRun.of("data-free-runs", PIPELINE);
    }
    return run;
  }
}
