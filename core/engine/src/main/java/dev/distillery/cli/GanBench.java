package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.UserException;
import dev.distillery.training.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bench --gan}: the {@code train-gan} stage itself (through its plugin) on random 1x32x32
 * images, one epoch of warm-up iterations and one measured epoch; prints generator iterations/s,
 * optimizer steps/s, images/s through the discriminator and peak RSS.
 */
final class GanBench {

  private static final String STAGE = "train-gan";

  private final PluginRegistry plugins;
  private final BenchCommand options;

  GanBench(PluginRegistry plugins, BenchCommand options) {
    this.plugins = plugins;
    this.options = options;
  }

  int run() throws Exception {
    if (options.batchSize < 1 || options.steps < 1 || options.warmupSteps < 0) {
      throw new UserException(
          "--batch-size and --steps must be at least 1 and --warmup-steps at least 0; got "
              + options.batchSize
              + ", "
              + options.steps
              + ", "
              + options.warmupSteps);
    }
    StagePlugin<?> stage = (StagePlugin<?>) plugins.require(PluginRegistry.Kind.STAGE, STAGE);
    ModelInput input = new ModelInput(1, 32, 32, 10);
    int criticSteps = options.ganLoss.equals("wgan-gp") ? 5 : 1;
    // real images drawn per iteration: one batch per discriminator step
    int images = (options.steps + options.warmupSteps) * options.batchSize * criticSteps;
    ImageSplit real = BenchCommand.randomImages(input, Math.max(images, options.batchSize));
    Path scratch = Files.createTempDirectory("distillery-bench");
    if (options.warmupSteps > 0) {
      measure(stage, input, real, scratch.resolve("warmup"), options.warmupSteps);
    }
    long started = System.nanoTime();
    long[] counts = measure(stage, input, real, scratch.resolve("measured"), options.steps);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "bench: train-gan %s, generator %s (width %d), dcgan-discriminator (width %d), batch %d,"
            + " %d iterations of %d discriminator + 1 generator step (after %d warm-up"
            + " iterations)%n",
        options.ganLoss,
        generatorId(),
        generatorWidth(),
        options.discriminatorWidth,
        options.batchSize,
        options.steps,
        criticSteps,
        options.warmupSteps);
    System.out.printf(
        Locale.ROOT,
        "throughput: %.2f iterations/s (%.0f ms/iteration), %.2f optimizer steps/s, %.0f generated"
            + " images/s%n",
        options.steps / seconds,
        1000 * seconds / options.steps,
        counts[0] / seconds,
        (double) options.steps * options.batchSize * (criticSteps + 1) / seconds);
    System.out.printf(
        Locale.ROOT, "peak RSS: %.0f MiB%n", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
    return 0;
  }

  private String generatorId() {
    return options.generator != null ? options.generator : "dcgan-generator";
  }

  private int generatorWidth() {
    return options.generatorWidth != null ? options.generatorWidth : 64;
  }

  /** Runs the stage for {@code iterations}; returns its optimizer steps. */
  private long[] measure(
      StagePlugin<?> stage, ModelInput input, ImageSplit real, Path directory, int iterations)
      throws Exception {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode with = json.objectNode();
    with.putObject("generator")
        .put("model", generatorId())
        .putObject("with")
        .put("width", generatorWidth());
    with.putObject("discriminator")
        .put("model", "dcgan-discriminator")
        .putObject("with")
        .put("width", options.discriminatorWidth)
        .put("batch-norm", !options.ganLoss.equals("wgan-gp"));
    with.putObject("loss").put("type", options.ganLoss);
    with.put("epochs", 1)
        .put("iterations-per-epoch", iterations)
        .put("batch-size", options.batchSize)
        .put("probe-images", 16);
    BenchCommand.BenchContext context =
        new BenchCommand.BenchContext(plugins, input, real, directory);
    run(stage, with, context);
    return new long[] {context.steps(), context.samples()};
  }

  private static <O> void run(
      StagePlugin<O> stage, ObjectNode with, BenchCommand.BenchContext context) throws Exception {
    stage.run(OptionsMapper.bind(with, stage.optionsType()), context);
  }
}
