package dev.distillery.stages;

import dev.distillery.training.optim.OptimizerOptions;

/**
 * Options of the {@code distill-generator} stage.
 *
 * @param teacher the stage (in {@code needs}) whose generator teaches: a {@code train-gan} or
 *     {@code distill-generator} stage
 * @param student the student generator: {@code {model: dcgan-generator, with: {width: 4}}}; the
 *     model defaults to the teacher's architecture
 * @param alpha the weight α of the adversarial term of Aguinaldo et al.'s joint loss (default 0:
 *     the MSE loss alone, no discriminator, no real image)
 * @param discriminator the discriminator of the joint loss (used when α > 0)
 * @param epochs epochs (default 20)
 * @param iterationsPerEpoch student steps per epoch (default 200)
 * @param batchSize latent vectors (and real images) per batch (default 64)
 * @param studentOptimizer default Adam lr 2e-4, betas (0.5, 0.999)
 * @param discriminatorOptimizer default Adam lr 2e-4, betas (0.5, 0.999)
 * @param classifier a stage (in {@code needs}) whose model judges the student's images every epoch
 * @param collapse when a collapse is found and what then happens (as {@code train-gan})
 * @param probeImages fixed latent vectors of the epoch-end checks and grids (default 512)
 * @param imageEvery an image grid every this many epochs (default a quarter of the epochs)
 */
public record DistillGeneratorOptions(
    String teacher,
    TrainGanOptions.ModelChoice student,
    Double alpha,
    TrainGanOptions.ModelChoice discriminator,
    Integer epochs,
    Integer iterationsPerEpoch,
    Integer batchSize,
    OptimizerOptions studentOptimizer,
    OptimizerOptions discriminatorOptimizer,
    String classifier,
    TrainGanOptions.GanCollapseOptions collapse,
    Integer probeImages,
    Integer imageEvery) {

  public DistillGeneratorOptions {
    student = student == null ? new TrainGanOptions.ModelChoice(null, null) : student;
    alpha = alpha == null ? 0.0 : alpha;
    discriminator =
        discriminator == null
            ? new TrainGanOptions.ModelChoice("dcgan-discriminator", null)
            : discriminator;
    epochs = epochs == null ? 20 : epochs;
    iterationsPerEpoch = iterationsPerEpoch == null ? 200 : iterationsPerEpoch;
    batchSize = batchSize == null ? 64 : batchSize;
    studentOptimizer = studentOptimizer == null ? TrainGanOptions.dcganAdam() : studentOptimizer;
    discriminatorOptimizer =
        discriminatorOptimizer == null ? TrainGanOptions.dcganAdam() : discriminatorOptimizer;
    collapse =
        collapse == null
            ? new TrainGanOptions.GanCollapseOptions(null, null, null, null)
            : collapse;
    probeImages = probeImages == null ? 512 : probeImages;
    imageEvery = imageEvery == null ? Math.max(1, epochs / 4) : imageEvery;
  }
}
