package dev.distillery.stages;

/**
 * One finished tiny run that the report tests read: a teacher, a student alone and a KD student
 * (both repeated twice, so that the report has per-stage means, gains with intervals and runs
 * sharing a chart) on 4 synthetic classes, and an evaluation with the student alone as baseline.
 */
final class ReportRuns {

  static final String PIPELINE =
      """
      pipeline: tiny-report
      seed: 3
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 192, test-size: 48, classes: 4}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        distill: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.02}}
      stages:
        teacher: {uses: train, with: {model: lenet5}}
        student-alone: {uses: train, repeats: 2, with: {model: lenet5-half}}
        student-kd:
          uses: distill
          repeats: 2
          needs: [teacher]
          with:
            teacher: teacher
            student: lenet5-half
            losses: [{uses: kd, weight: 0.9, with: {temperature: 4}}]
        evaluate:
          uses: evaluate
          needs: [teacher, student-alone, student-kd]
          with: {latency-runs: 2, baseline: student-alone}
      """;

  private static SharedRun run;

  private ReportRuns() {}

  static synchronized SharedRun run() {
    if (run == null) {
      run = SharedRun.of("report-runs", PIPELINE);
    }
    return run;
  }
}
