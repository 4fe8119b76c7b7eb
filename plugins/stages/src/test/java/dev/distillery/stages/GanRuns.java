package dev.distillery.stages;

/**
 * One tiny GAN-compression run per test JVM, shared by the GAN tests: a classifier on synthetic
 * data, a DCGAN teacher (non-saturating), a WGAN-GP one, a student distilled with MSE and one with
 * the joint loss, a small generator trained adversarially from scratch, and the image-quality
 * evaluation of all five. Tiny generators cover few classes, so the class check is off.
 */
final class GanRuns {

  static final String PIPELINE =
      """
      pipeline: gan-tiny
      seed: 7
      device: cpu
      dataset:
        name: synthetic
        validation: 0.125
        with: {train-size: 256, test-size: 64}
      defaults:
        train: {epochs: 2, batch-size: 32, optimizer: {type: sgd, lr: 0.05}}
        train-gan:
          epochs: 2
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          image-every: 1
          classifier: classifier
          collapse: {min-classes: 0}
        distill-generator:
          teacher: gan
          epochs: 2
          iterations-per-epoch: 3
          batch-size: 16
          probe-images: 32
          classifier: classifier
          collapse: {min-classes: 0}
      stages:
        classifier:
          uses: train
          with: {model: lenet5}
        gan:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 4}}
            discriminator: {model: dcgan-discriminator, with: {width: 4}}
        wgan:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 4}}
            discriminator: {model: dcgan-discriminator, with: {width: 4, batch-norm: false}}
            loss: {type: wgan-gp, critic-steps: 2}
        small:
          uses: distill-generator
          needs: [classifier, gan]
          with:
            student: {with: {width: 2}}
        joint:
          uses: distill-generator
          needs: [classifier, gan]
          with:
            student: {with: {width: 2}}
            alpha: 0.5
            discriminator: {model: dcgan-discriminator, with: {width: 2}}
        scratch:
          uses: train-gan
          needs: [classifier]
          with:
            generator: {model: dcgan-generator, with: {width: 2}}
            discriminator: {model: dcgan-discriminator, with: {width: 4}}
        quality:
          uses: evaluate-generators
          needs: [classifier, gan, wgan, small, joint, scratch]
          with: {classifier: classifier, samples: 64, batch-size: 32}
      """;

  private static SharedRun run;

  private GanRuns() {}

  static synchronized SharedRun run() {
    if (run == null) {
      run = SharedRun.of("gan-runs", PIPELINE);
    }
    return run;
  }
}
