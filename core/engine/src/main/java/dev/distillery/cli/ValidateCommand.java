package dev.distillery.cli;

import dev.distillery.engine.PipelinePreflight;
import dev.distillery.engine.Splits;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.spi.StageReplicas;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Checks pipeline files as {@code run} does before it starts anything: the file against the schema
 * and the plugins' options, then the data and every stage's preflight (models built, feature points
 * and shapes, methods created and each loss computed once on a few training images), so that what
 * {@code validate} accepts does not fail at the start of a run.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Checks pipeline files without running anything: options, data, models, feature points"
            + " and shapes.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PIPELINE", arity = "1..*", description = "Pipeline files (YAML).")
  java.util.List<Path> pipelines;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws IOException {
    PluginRegistry plugins = common.plugins();
    PipelineLoader loader = new PipelineLoader(plugins);
    for (Path file : pipelines) {
      PipelineSpec spec = loader.load(file);
      Splits data = Splits.load(spec.dataset(), spec.seed(), plugins, common.dataSearchPath());
      java.util.List<String> notes =
          PipelinePreflight.check(
              spec, plugins, data.source().input(), data.train(), data.validation().labels());
      long stages = spec.stages().keySet().stream().map(StageReplicas::stageOf).distinct().count();
      System.out.printf(
          "%s: ok — pipeline '%s', %d stages%s (options, data, models, feature points checked; each"
              + " loss computed once)%n",
          file,
          spec.name(),
          stages,
          stages == spec.stages().size()
              ? ""
              : " (" + spec.stages().size() + " runs with repeats)");
      for (StageSpec stage : spec.stages().values()) {
        System.out.printf("  %-20s uses %-10s needs %s%n", stage.id(), stage.uses(), stage.needs());
      }
      for (String note : notes) {
        System.out.println("  note: " + note);
      }
    }
    return 0;
  }
}
