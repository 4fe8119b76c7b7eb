package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.training.optim.OptimizerOptions;
import java.util.List;

/**
 * Options of the {@code train-gan} stage.
 *
 * @param generator the generator: {@code {model: dcgan-generator, with: {width: 64}}}
 * @param discriminator the discriminator, a two-class model: {@code {model: dcgan-discriminator,
 *     with: {width: 64}}} (default: that, without batch norm for {@code wgan-gp})
 * @param loss {@code non-saturating} (default) or {@code wgan-gp}, with {@code gradient-penalty}
 *     (λ, default 10) and {@code critic-steps} (discriminator steps per generator step; default 1,
 *     5 for wgan-gp)
 * @param epochs epochs (default 20)
 * @param iterationsPerEpoch generator steps per epoch (default 200)
 * @param batchSize images per batch, real and generated (default 64)
 * @param generatorOptimizer default Adam lr 2e-4, betas (0.5, 0.999) (DCGAN's)
 * @param discriminatorOptimizer default Adam lr 2e-4, betas (0.5, 0.999)
 * @param classifier a stage (in {@code needs}) whose model judges the generated images every epoch
 *     (class coverage, confidence): mode collapse shows as coverage falling
 * @param collapse when a collapse is found and what then happens
 * @param probeImages fixed latent vectors the epoch-end checks and grids use (default 512)
 * @param imageEvery an image grid every this many epochs (default a quarter of the epochs)
 */
public record TrainGanOptions(
    ModelChoice generator,
    ModelChoice discriminator,
    GanLossOptions loss,
    Integer epochs,
    Integer iterationsPerEpoch,
    Integer batchSize,
    OptimizerOptions generatorOptimizer,
    OptimizerOptions discriminatorOptimizer,
    String classifier,
    GanCollapseOptions collapse,
    Integer probeImages,
    Integer imageEvery) {

  /** DCGAN's Adam: lr 2e-4, betas (0.5, 0.999). */
  static OptimizerOptions dcganAdam() {
    return new OptimizerOptions.Adam(2e-4, 0.5, 0.999, null, null);
  }

  public TrainGanOptions {
    generator = generator == null ? new ModelChoice("dcgan-generator", null) : generator;
    loss = loss == null ? new GanLossOptions(null, null, null) : loss;
    discriminator =
        discriminator == null
            ? new ModelChoice(
                "dcgan-discriminator",
                loss.wasserstein()
                    ? dev.distillery.options.OptionsMapper.mapper()
                        .createObjectNode()
                        .put("batch-norm", false)
                    : null)
            : discriminator;
    epochs = epochs == null ? 20 : epochs;
    iterationsPerEpoch = iterationsPerEpoch == null ? 200 : iterationsPerEpoch;
    batchSize = batchSize == null ? 64 : batchSize;
    generatorOptimizer = generatorOptimizer == null ? dcganAdam() : generatorOptimizer;
    discriminatorOptimizer = discriminatorOptimizer == null ? dcganAdam() : discriminatorOptimizer;
    collapse = collapse == null ? new GanCollapseOptions(null, null, null, null) : collapse;
    probeImages = probeImages == null ? 512 : probeImages;
    imageEvery = imageEvery == null ? Math.max(1, epochs / 4) : imageEvery;
  }

  /**
   * A model named with its plugin options.
   *
   * @param model the plugin id
   * @param with its options
   */
  public record ModelChoice(String model, JsonNode with) {}

  /**
   * The adversarial loss.
   *
   * @param type {@code non-saturating} or {@code wgan-gp}
   * @param gradientPenalty λ of WGAN-GP (default 10)
   * @param criticSteps discriminator steps per generator step (default 1; 5 with wgan-gp)
   */
  public record GanLossOptions(String type, Double gradientPenalty, Integer criticSteps) {

    public static final List<String> TYPES = List.of("non-saturating", "wgan-gp");

    public GanLossOptions {
      type = type == null ? "non-saturating" : type;
      gradientPenalty = gradientPenalty == null ? 10.0 : gradientPenalty;
      criticSteps = criticSteps == null ? (type.equals("wgan-gp") ? 5 : 1) : criticSteps;
    }

    boolean wasserstein() {
      return type.equals("wgan-gp");
    }
  }

  /**
   * When a GAN counts as collapsed at an epoch end, and what then happens.
   *
   * @param minClasses fewer classes than this in the classifier's view of the probe is a mode
   *     collapse (default: half the classes; needs {@code classifier})
   * @param minDiscriminatorLoss a non-saturating discriminator whose mean loss over the epoch falls
   *     below this has won: the generator no longer fools it (default 1e-3)
   * @param onCollapse {@code restore}, {@code warn} (default) or {@code stop}, as for data-free
   *     stages
   * @param maxRestores restores before later collapses are only reported (default 3)
   */
  public record GanCollapseOptions(
      Integer minClasses, Double minDiscriminatorLoss, String onCollapse, Integer maxRestores) {

    public GanCollapseOptions {
      minDiscriminatorLoss = minDiscriminatorLoss == null ? 1e-3 : minDiscriminatorLoss;
      onCollapse = onCollapse == null ? "warn" : onCollapse;
      maxRestores = maxRestores == null ? 3 : maxRestores;
    }
  }
}
