package dev.distillery.cli;

import dev.distillery.pipeline.PipelineSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description =
        "Prints the JSON Schema of pipeline files for the plugins found (editors use it for"
            + " completion and checks).")
final class SchemaCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    System.out.println(PipelineSchema.toJson(PipelineSchema.generate(common.plugins())));
    return 0;
  }
}
