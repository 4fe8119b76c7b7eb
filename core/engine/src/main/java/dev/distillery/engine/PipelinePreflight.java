package dev.distillery.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.distillery.pipeline.PipelineProblem;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.PipelineValidationException;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.GeneratorNetwork;
import dev.distillery.spi.ImageShape;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelInput;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageOptionProblems;
import dev.distillery.spi.StagePlugin;
import dev.distillery.spi.StageReplicas;
import dev.distillery.spi.UserException;
import dev.distillery.training.Networks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every stage's {@link StagePlugin#preflight} once the data is loaded and before any stage
 * starts, and reports all problems together: wrong feature points and unbridgeable shapes fail the
 * run before training instead of when their stage comes.
 */
public final class PipelinePreflight {

  private PipelinePreflight() {}

  /**
   * Checks the pipeline for data of this input shape; throws one UserException for all problems.
   */
  public static void check(PipelineSpec pipeline, PluginRegistry plugins, ModelInput input) {
    check(pipeline, plugins, input, new int[0]);
  }

  /**
   * Checks the pipeline for data of this input shape whose training images (less the validation
   * images) have these labels; throws one UserException for all problems.
   */
  public static void check(
      PipelineSpec pipeline, PluginRegistry plugins, ModelInput input, int[] trainingLabels) {
    check(pipeline, plugins, input, trainingLabels, new int[0]);
  }

  /**
   * Checks the pipeline for data of this input shape whose training images (less the validation
   * images) and validation images have these labels; throws one UserException for all problems.
   */
  public static void check(
      PipelineSpec pipeline,
      PluginRegistry plugins,
      ModelInput input,
      int[] trainingLabels,
      int[] validationLabels) {
    check(pipeline, plugins, input, trainingLabels, validationLabels, null);
  }

  /**
   * Checks the pipeline for data of this input shape, whose training images (less the validation
   * images) are {@code train} (stages compute their losses once on its first images) and whose
   * validation images have these labels; throws one UserException for all problems and returns the
   * notes of what could not be checked (each starting with its stage).
   */
  public static List<String> check(
      PipelineSpec pipeline,
      PluginRegistry plugins,
      ModelInput input,
      ImageSplit train,
      int[] validationLabels) {
    return check(pipeline, plugins, input, train.labels(), validationLabels, train);
  }

  private static List<String> check(
      PipelineSpec pipeline,
      PluginRegistry plugins,
      ModelInput input,
      int[] trainingLabels,
      int[] validationLabels,
      ImageSplit train) {
    Map<String, Preflight.ModelSpec> models = new LinkedHashMap<>();
    for (StageSpec stage : pipeline.stages().values()) {
      produced(plugin(plugins, stage), stage.options()).ifPresent(m -> models.put(stage.id(), m));
    }
    List<PipelineProblem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      for (StageSpec stage : pipeline.stages().values()) {
        if (StageReplicas.replicaOf(stage.id()) > 1) {
          continue; // the runs of a repeated stage share its options: run 1 speaks for them
        }
        Context context =
            new Context(
                stage.id(), input, trainingLabels, validationLabels, plugins, models, pipeline);
        context.train = train;
        context.notes = notes;
        try (NDManager scope = manager.newSubManager()) {
          run(plugin(plugins, stage), stage.options(), context, scope);
        } catch (StageOptionProblems e) {
          for (StageOptionProblems.Problem problem : e.problems()) {
            problems.add(
                pipeline
                    .locator()
                    .locate(
                        stage.id(),
                        problem.option(),
                        "stage '" + stage.id() + "': " + problem.message()));
          }
        } catch (UserException e) {
          problems.add(
              pipeline
                  .locator()
                  .locate(stage.id(), "", "stage '" + stage.id() + "': " + e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PipelineValidationException(
          problems, "(checked before any stage started; nothing was run)");
    }
    return List.copyOf(notes);
  }

  private static StagePlugin<?> plugin(PluginRegistry plugins, StageSpec stage) {
    return (StagePlugin<?>) plugins.require(PluginRegistry.Kind.STAGE, stage.uses());
  }

  @SuppressWarnings("unchecked")
  private static <O> Optional<Preflight.ModelSpec> produced(StagePlugin<O> plugin, Object options) {
    return plugin.producedModel((O) options);
  }

  @SuppressWarnings("unchecked")
  private static <O> Optional<Preflight.ModelSpec> producedGenerator(
      StagePlugin<O> plugin, Object options, Preflight preflight) {
    return plugin.producedGenerator((O) options, preflight);
  }

  @SuppressWarnings("unchecked")
  private static <O> void run(
      StagePlugin<O> plugin, Object options, Preflight context, NDManager scope) {
    ((Context) context).manager = scope;
    plugin.preflight((O) options, context);
  }

  private static final class Context implements Preflight {
    private final String stageId;
    private final ModelInput input;
    private final int[] trainingLabels;
    private final int[] validationLabels;
    private final PluginRegistry plugins;
    private final Map<String, ModelSpec> models;
    private final PipelineSpec pipeline;
    private NDManager manager;
    private ImageSplit train;
    private List<String> notes = new ArrayList<>();

    Context(
        String stageId,
        ModelInput input,
        int[] trainingLabels,
        int[] validationLabels,
        PluginRegistry plugins,
        Map<String, ModelSpec> models,
        PipelineSpec pipeline) {
      this.stageId = stageId;
      this.input = input;
      this.trainingLabels = trainingLabels;
      this.validationLabels = validationLabels;
      this.plugins = plugins;
      this.models = models;
      this.pipeline = pipeline;
    }

    @Override
    public String stageId() {
      return stageId;
    }

    @Override
    public ModelInput input() {
      return input;
    }

    @Override
    public int[] trainingLabels() {
      return trainingLabels;
    }

    @Override
    public int[] validationLabels() {
      return validationLabels;
    }

    @Override
    public PluginCatalog plugins() {
      return plugins;
    }

    @Override
    public Optional<ImageSplit> probeImages(int count) {
      return train == null || train.count() == 0
          ? Optional.empty()
          : Optional.of(train.limit(Math.min(count, train.count())));
    }

    @Override
    public void note(String message) {
      notes.add("stage '" + stageId + "': " + message);
    }

    @Override
    public java.util.List<String> needs() {
      StageSpec stage = pipeline.stages().get(stageId);
      return stage == null ? java.util.List.of() : stage.needs();
    }

    @Override
    public Optional<ModelSpec> modelOf(String stageId) {
      return Optional.ofNullable(models.get(stageId));
    }

    @Override
    public Optional<ModelSpec> generatorOf(String stageId) {
      StageSpec stage = pipeline.stages().get(stageId);
      if (stage == null) {
        return Optional.empty();
      }
      // the pipeline is acyclic (validated), so asking the stages named in turn ends
      return producedGenerator(
          (StagePlugin<?>) plugins.require(PluginRegistry.Kind.STAGE, stage.uses()),
          stage.options(),
          new Context(stageId, input, trainingLabels, validationLabels, plugins, models, pipeline));
    }

    @Override
    public GeneratorNetwork generator(ModelSpec generator) {
      return Networks.createGenerator(
          plugins, generator.architecture(), generator.options(), ImageShape.of(input));
    }

    @Override
    public Network network(ModelSpec model, NDManager target) {
      Network network = Networks.create(plugins, model.architecture(), model.options(), input);
      Networks.initialize(network, target == null ? manager : target, 0);
      return network;
    }
  }
}
