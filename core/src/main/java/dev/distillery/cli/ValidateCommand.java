package dev.distillery.cli;

import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.pipeline.StageSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Checks pipeline files without running anything.")
final class ValidateCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PIPELINE", arity = "1..*", description = "Pipeline files (YAML).")
  java.util.List<Path> pipelines;

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    PipelineLoader loader = new PipelineLoader(common.plugins());
    for (Path file : pipelines) {
      PipelineSpec spec = loader.load(file);
      System.out.printf(
          "%s: ok — pipeline '%s', %d stages%n", file, spec.name(), spec.stages().size());
      for (StageSpec stage : spec.stages().values()) {
        System.out.printf("  %-20s uses %-10s needs %s%n", stage.id(), stage.uses(), stage.needs());
      }
    }
    return 0;
  }
}
