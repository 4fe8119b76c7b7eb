package dev.distillery.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.DataFreeRecipe;
import dev.distillery.spi.DataFreeRecipePlugin;
import dev.distillery.spi.DataFreeSetup;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import dev.distillery.training.ProcessMemory;
import dev.distillery.training.adversarial.AdversarialLoop;
import dev.distillery.training.adversarial.AdversarialSettings;
import dev.distillery.training.adversarial.DataFreeMoves;
import dev.distillery.training.schedule.ScheduleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --recipe}: the data-free loop (the recipe's iterations of generator and student
 * steps against a frozen teacher with random weights) on one epoch of warm-up iterations and one
 * measured epoch; prints iterations/s, optimizer steps/s, generated images/s and peak RSS.
 */
final class DataFreeBench {

  private final PluginRegistry plugins;
  private final BenchCommand options;

  DataFreeBench(PluginRegistry plugins, BenchCommand options) {
    this.plugins = plugins;
    this.options = options;
  }

  int run() throws Exception {
    if (options.teacher == null) {
      throw new UserException(
          "--recipe needs --teacher (the frozen teacher the generator learns from), e.g."
              + " --teacher lenet5 --student lenet5-half --recipe dfad");
    }
    DataFreeRecipePlugin<?> recipe =
        (DataFreeRecipePlugin<?>) plugins.require(PluginRegistry.Kind.RECIPE, options.recipe);
    ModelInput input = new ModelInput(1, 32, 32, 10);
    Path scratch = Files.createTempDirectory("distillery-bench");
    measure(recipe, input, scratch.resolve("warmup"), options.warmupSteps);
    long started = System.nanoTime();
    long[] counts = measure(recipe, input, scratch.resolve("measured"), options.steps);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "bench: data-free %s, teacher %s, student %s, generator %s, batch %d, %d iterations (after"
            + " %d warm-up iterations)%n",
        options.recipe,
        options.teacher,
        options.student,
        generatorName(recipe),
        options.batchSize,
        options.steps,
        options.warmupSteps);
    System.out.printf(
        Locale.ROOT,
        "throughput: %.2f iterations/s (%.0f ms/iteration), %.2f optimizer steps/s, %.0f generated"
            + " images/s%n",
        options.steps / seconds,
        1000 * seconds / options.steps,
        counts[0] / seconds,
        counts[1] / seconds);
    System.out.printf(
        Locale.ROOT, "peak RSS: %.0f MiB%n", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
    return 0;
  }

  private String generatorName(DataFreeRecipePlugin<?> recipe) {
    String id =
        options.generator != null ? options.generator : recipe.defaultGenerator().architecture();
    return options.generatorWidth == null ? id : id + " (width " + options.generatorWidth + ")";
  }

  /** Runs {@code iterations} iterations; returns optimizer steps and generated images. */
  private long[] measure(
      DataFreeRecipePlugin<?> recipe, ModelInput input, Path directory, int iterations)
      throws Exception {
    if (iterations == 0) {
      return new long[] {0, 0};
    }
    ImageSplit none = new ImageSplit(new float[0], new int[0], 1, 32, 32);
    BenchCommand.BenchContext context =
        new BenchCommand.BenchContext(plugins, input, none, directory);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Network teacher = context.newNetwork(options.teacher, null, manager, 2);
      teacher.block().freezeParameters(true);
      Network student = context.newNetwork(options.student, null, manager, 1);
      Preflight.ModelSpec model = recipe.defaultGenerator();
      ObjectNode generatorOptions = JsonNodeFactory.instance.objectNode();
      if (options.generatorWidth != null) {
        generatorOptions.put("width", options.generatorWidth);
      }
      GeneratorNetwork generator =
          Networks.createGenerator(
              plugins,
              options.generator != null ? options.generator : model.architecture(),
              generatorOptions,
              ImageShape.of(input));
      Networks.initialize(generator, manager, 3);
      DataFreeRecipe made = create(recipe, new DataFreeSetup(teacher, student, generator, manager));
      AdversarialLoop loop =
          new AdversarialLoop(
              context,
              new AdversarialSettings(1, iterations, 0, AdversarialSettings.OnCollapse.WARN, 0),
              List.of(
                  new AdversarialLoop.Player(
                      DataFreeMoves.STUDENT,
                      List.of(student.block()),
                      recipe.defaultStudentOptimizer(),
                      new ScheduleOptions.Constant(null)),
                  new AdversarialLoop.Player(
                      DataFreeMoves.GENERATOR,
                      List.of(generator.block()),
                      recipe.defaultGeneratorOptimizer(),
                      new ScheduleOptions.Constant(null))),
              manager);
      loop.run(
          moves ->
              made.iterate(
                  new DataFreeMoves(
                      moves, options.batchSize, teacher, student, generator, manager)),
          (epoch, means) -> AdversarialLoop.Verdict.healthy(null));
      return new long[] {context.steps(), context.samples()};
    }
  }

  private static <O> DataFreeRecipe create(DataFreeRecipePlugin<O> plugin, DataFreeSetup setup)
      throws Exception {
    return plugin.create(OptionsMapper.bind(null, plugin.optionsType()), setup);
  }
}
