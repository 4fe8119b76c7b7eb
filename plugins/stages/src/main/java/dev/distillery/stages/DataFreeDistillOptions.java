package dev.distillery.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.GeneratorPlugin;
import dev.distillery.spi.PluginOptions;
import dev.distillery.training.optim.OptimizerOptions;
import dev.distillery.training.schedule.ScheduleOptions;

/**
 * Options of the {@code data-free-distill} stage.
 *
 * @param teacher the stage (listed in {@code needs}) whose model is the teacher
 * @param student the student's model id, e.g. {@code lenet5-half}
 * @param studentOptions options of the student's model plugin
 * @param recipe the data-free recipe: {@code {uses: dafl | dfad | <plugin>, with: {...}}}
 * @param generator the generator model: {@code {model: dafl-generator, with: {latent: 100, width:
 *     64}}} (default: the recipe's reference generator)
 * @param epochs epochs (default 40)
 * @param iterationsPerEpoch iterations per epoch (default 50, DFAD's; DAFL's is 120); checkpoints,
 *     evaluations, image grids and collapse checks happen at epoch ends
 * @param batchSize generated images per batch (default 256; both references use 512)
 * @param studentOptimizer the student's optimizer (default: the recipe's reference one)
 * @param studentSchedule the student's learning-rate schedule over epochs (default constant, as
 *     both references)
 * @param generatorOptimizer the generator's optimizer (default: the recipe's reference one)
 * @param generatorSchedule the generator's schedule (default constant)
 * @param checkpointEveryIterations extra checkpoints within an epoch (default 0: at epoch ends)
 * @param collapse how a collapsed generator is recognised and what happens then
 * @param probeImages generated images (fixed latent vectors) that the epoch-end checks look at
 *     (default 512)
 * @param imageEvery an image grid of the generator every this many epochs (default: a quarter of
 *     the epochs), and before the first and after the last
 * @param evaluateEvery the student's test accuracy and agreement every this many epochs (default
 *     1); for monitoring only, never for choosing a checkpoint
 */
public record DataFreeDistillOptions(
    String teacher,
    String student,
    JsonNode studentOptions,
    RecipeChoice recipe,
    GeneratorChoice generator,
    Integer epochs,
    Integer iterationsPerEpoch,
    Integer batchSize,
    OptimizerOptions studentOptimizer,
    ScheduleOptions studentSchedule,
    OptimizerOptions generatorOptimizer,
    ScheduleOptions generatorSchedule,
    Integer checkpointEveryIterations,
    CollapseOptions collapse,
    Integer probeImages,
    Integer imageEvery,
    Integer evaluateEvery) {

  public DataFreeDistillOptions {
    epochs = epochs == null ? 40 : epochs;
    iterationsPerEpoch = iterationsPerEpoch == null ? 50 : iterationsPerEpoch;
    batchSize = batchSize == null ? 256 : batchSize;
    studentSchedule =
        studentSchedule == null ? new ScheduleOptions.Constant(null) : studentSchedule;
    generatorSchedule =
        generatorSchedule == null ? new ScheduleOptions.Constant(null) : generatorSchedule;
    checkpointEveryIterations = checkpointEveryIterations == null ? 0 : checkpointEveryIterations;
    collapse = collapse == null ? new CollapseOptions(null, null, null, null) : collapse;
    probeImages = probeImages == null ? 512 : probeImages;
    imageEvery = imageEvery == null ? Math.max(1, epochs / 4) : imageEvery;
    evaluateEvery = evaluateEvery == null ? 1 : evaluateEvery;
  }

  /**
   * The recipe of a data-free stage.
   *
   * @param uses the recipe plugin id ({@code dafl}, {@code dfad}, ...)
   * @param with the recipe's options
   */
  public record RecipeChoice(
      String uses, @PluginOptions(DataFreeRecipePlugin.class) JsonNode with) {}

  /**
   * The generator of a data-free stage.
   *
   * @param model the generator plugin id ({@code dafl-generator}, {@code dfad-generator}, ...)
   * @param with the generator's options
   */
  public record GeneratorChoice(
      String model,
      @PluginOptions(value = GeneratorPlugin.class, selector = "model") JsonNode with) {}

  /**
   * When the generator counts as collapsed, checked on the probe images at every epoch end, and
   * what then happens.
   *
   * @param minClasses fewer classes than this among the teacher's predictions on the probe (a class
   *     counts with at least a tenth of an even share) is a collapse (default: half the classes)
   * @param minDistance the student's distance to the teacher on the probe (the recipe's own
   *     measure) below this is a collapse: the generator makes only images the student already
   *     matches, as DAFL's collapse on MNIST shows (default 1e-4)
   * @param onCollapse {@code restore} (default): back to the last healthy epoch end with other
   *     latent vectors; {@code warn}: report and go on; {@code stop}: report and stop the stage
   * @param maxRestores restores before later collapses are only reported (default 3)
   */
  public record CollapseOptions(
      Integer minClasses, Double minDistance, String onCollapse, Integer maxRestores) {

    public CollapseOptions {
      minDistance = minDistance == null ? 1e-4 : minDistance;
      onCollapse = onCollapse == null ? "restore" : onCollapse;
      maxRestores = maxRestores == null ? 3 : maxRestores;
    }
  }
}
