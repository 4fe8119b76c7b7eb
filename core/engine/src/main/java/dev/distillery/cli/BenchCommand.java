package dev.distillery.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.options.OptionsMapper;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.DatasetSource;
import dev.distillery.spi.DistillationLoss;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.MethodPlugin;
import dev.distillery.spi.MethodSetup;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageMonitor;
import dev.distillery.spi.StageResult;
import dev.distillery.spi.UserException;
import dev.distillery.training.ClassificationObjective;
import dev.distillery.training.DistillationObjective;
import dev.distillery.training.Networks;
import dev.distillery.training.ProcessMemory;
import dev.distillery.training.TrainingLoop;
import dev.distillery.training.TrainingObjective;
import dev.distillery.training.TrainingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures training throughput of the real training loop on random in-memory images: one warm-up
 * epoch, then a measured epoch of {@code --steps} steps. Prints images/s and the peak RSS.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Prints training throughput (images/s) and peak RSS for a model, optionally distilled"
            + " from a frozen teacher with a method, on random 1x32x32 images.")
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--student",
      defaultValue = "lenet5-half",
      description = "Model trained (default: ${DEFAULT-VALUE}).")
  String student;

  @Option(names = "--teacher", description = "Frozen teacher model; omit to bench plain training.")
  String teacher;

  @Option(
      names = "--method",
      defaultValue = "kd",
      description = "Distillation method with --teacher (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = "--batch-size",
      defaultValue = "128",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--steps",
      defaultValue = "50",
      description = "Measured steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--warmup-steps",
      defaultValue = "10",
      description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(
      names = "--recipe",
      description =
          "Data-free recipe (dafl, dfad, ...): benches generator + student iterations from the"
              + " frozen --teacher instead of training on images.")
  String recipe;

  @Option(
      names = "--generator",
      description =
          "Generator model with --recipe (default: the recipe's reference generator) or --gan"
              + " (default: dcgan-generator).")
  String generator;

  @Option(
      names = "--generator-width",
      description =
          "The generator's width option with --recipe (default: the generator's) or --gan"
              + " (default: 64).")
  Integer generatorWidth;

  @Option(
      names = "--gan",
      description =
          "Benches the train-gan stage (DCGAN generator against a DCGAN discriminator) on random"
              + " images instead of a classifier.")
  boolean gan;

  @Option(
      names = "--gan-loss",
      defaultValue = "non-saturating",
      description = "With --gan: non-saturating or wgan-gp (default: ${DEFAULT-VALUE}).")
  String ganLoss;

  @Option(
      names = "--discriminator-width",
      defaultValue = "64",
      description = "With --gan: the discriminator's width (default: ${DEFAULT-VALUE}).")
  int discriminatorWidth;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    if (gan) {
      return new GanBench(common.plugins(), this).run();
    }
    if (recipe != null) {
      return new DataFreeBench(common.plugins(), this).run();
    }
    if (batchSize < 1 || steps < 1 || warmupSteps < 0) {
      throw new UserException(
          "--batch-size and --steps must be at least 1 and --warmup-steps at least 0; got "
              + batchSize
              + ", "
              + steps
              + ", "
              + warmupSteps);
    }
    PluginRegistry plugins = common.plugins();
    ModelInput input = new ModelInput(1, 32, 32, 10);
    Path scratch = Files.createTempDirectory("distillery-bench");
    double warmupRate = measure(plugins, input, scratch.resolve("warmup"), warmupSteps);
    double rate = measure(plugins, input, scratch.resolve("measured"), steps);
    System.out.printf(
        Locale.ROOT,
        "bench: %s%s, batch %d, %d steps (after %d warm-up steps at %.0f images/s)%n",
        student,
        teacher == null
            ? " trained with cross-entropy"
            : " distilled from frozen " + teacher + " with " + method,
        batchSize,
        steps,
        warmupSteps,
        warmupRate);
    System.out.printf(
        Locale.ROOT, "throughput: %.0f images/s (%.1f ms/step)%n", rate, 1000.0 * batchSize / rate);
    System.out.printf(
        Locale.ROOT, "peak RSS: %.0f MiB%n", ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0));
    return 0;
  }

  private double measure(PluginRegistry plugins, ModelInput input, Path directory, int stepCount)
      throws Exception {
    if (stepCount == 0) {
      return Double.NaN;
    }
    ImageSplit images = randomImages(input, stepCount * batchSize);
    BenchContext context = new BenchContext(plugins, input, images, directory);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Network studentNetwork = context.newNetwork(student, null, manager, 1);
      TrainingObjective objective;
      if (teacher == null) {
        objective = new ClassificationObjective(studentNetwork, manager);
      } else {
        Network teacherNetwork = context.newNetwork(teacher, null, manager, 2);
        teacherNetwork.block().freezeParameters(true);
        MethodPlugin<?> plugin =
            (MethodPlugin<?>) plugins.require(PluginRegistry.Kind.METHOD, method);
        DistillationLoss loss =
            create(
                plugin, new MethodSetup(teacherNetwork, studentNetwork, manager, images.labels()));
        objective =
            new DistillationObjective(
                studentNetwork,
                teacherNetwork,
                0.1,
                List.of(new DistillationObjective.WeightedLoss(loss, plugin.defaultWeight())),
                manager);
      }
      TrainingSettings settings =
          new TrainingSettings(
              1,
              batchSize,
              TrainingSettings.defaultOptimizer(),
              new dev.distillery.training.schedule.ScheduleOptions.Constant(null),
              TrainingSettings.defaultAugmentation(),
              0);
      new TrainingLoop(context, settings, objective, manager).run();
    }
    return context.lastThroughput;
  }

  private static <O> DistillationLoss create(MethodPlugin<O> plugin, MethodSetup setup)
      throws Exception {
    return plugin.create(OptionsMapper.bind(null, plugin.optionsType()), setup);
  }

  static ImageSplit randomImages(ModelInput input, int count) {
    SplittableRandom random = new SplittableRandom(7);
    int size = input.channels() * input.height() * input.width();
    float[] data = new float[count * size];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    int[] labels = IntStream.range(0, count).map(i -> random.nextInt(input.classes())).toArray();
    return new ImageSplit(data, labels, input.channels(), input.height(), input.width());
  }

  /** A stage context over in-memory images, with no engine around it. */
  static final class BenchContext implements StageContext, StageMonitor {
    private final PluginRegistry plugins;
    private final DatasetSource dataset;
    private final Path directory;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private double lastThroughput = Double.NaN;
    private long steps;
    private long samples;

    BenchContext(PluginRegistry plugins, ModelInput input, ImageSplit images, Path directory) {
      this.plugins = plugins;
      this.directory = directory;
      List<String> names = new ArrayList<>();
      for (int c = 0; c < input.classes(); c++) {
        names.add("class " + c);
      }
      ImageSplit empty = images.limit(0);
      this.dataset = new DatasetSource("random", input, names, images, empty, "random");
    }

    @Override
    public String runId() {
      return "bench";
    }

    @Override
    public String stageId() {
      return "bench";
    }

    @Override
    public String stageKey() {
      return "bench";
    }

    @Override
    public Path runDirectory() {
      return directory;
    }

    @Override
    public Path stageDirectory() {
      return directory;
    }

    @Override
    public Path checkpointDirectory() {
      return directory.resolve("checkpoints");
    }

    @Override
    public long seed() {
      return 1;
    }

    @Override
    public long pipelineSeed() {
      return 1;
    }

    @Override
    public Device device() {
      return Device.cpu();
    }

    @Override
    public DatasetSource dataset() {
      return dataset;
    }

    @Override
    public ImageSplit trainSplit() {
      return dataset.train();
    }

    @Override
    public ImageSplit validationSplit() {
      return dataset.test();
    }

    @Override
    public ImageSplit testSplit() {
      return dataset.test();
    }

    @Override
    public Map<String, StageResult> inputs() {
      return Map.of();
    }

    @Override
    public PluginCatalog plugins() {
      return plugins;
    }

    @Override
    public StageMonitor monitor() {
      return this;
    }

    @Override
    public void writeRunReport() {
      dev.distillery.report.HtmlReport.writeAsStageEnds(this);
    }

    @Override
    public Network newNetwork(String architecture, JsonNode options, NDManager manager, long seed) {
      Network network = Networks.create(plugins, architecture, options, dataset.input());
      Networks.initialize(network, manager, seed);
      return network;
    }

    @Override
    public Network loadModel(ModelArtifact artifact, NDManager manager) {
      throw new IllegalStateException("bench loads no models");
    }

    @Override
    public void progress(String phase, long done, long total, Map<String, Double> figures) {
      Double throughput = figures.get("throughput");
      if (throughput != null) {
        lastThroughput = throughput;
      }
    }

    @Override
    public void trained(long steps, long samples) {
      this.steps += steps;
      this.samples += samples;
    }

    /** Samples (or latent vectors) reported so far. */
    long samples() {
      return samples;
    }

    /** The last throughput the loop reported (samples/s, or latent vectors/s). */
    double lastThroughput() {
      return lastThroughput;
    }

    /** Optimizer steps reported so far. */
    long steps() {
      return steps;
    }

    @Override
    public void epoch(int epoch, int epochs) {}

    @Override
    public void record(String event, Map<String, ?> fields) {}

    @Override
    public MeterRegistry meters() {
      return meters;
    }

    @Override
    public Tags tags() {
      return Tags.empty();
    }

    @Override
    public void checkCancelled() {}
  }
}
