package dev.distillery.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Runs a pipeline file. Continues the newest run of the same pipeline (finished stages with"
            + " unchanged options are kept, an interrupted stage continues from its checkpoint)"
            + " unless --new-run is given.")
final class RunCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PIPELINE", description = "The pipeline file (YAML).")
  Path pipeline;

  @Option(names = "--new-run", description = "Start a new run directory even if one exists.")
  boolean newRun;

  @Mixin CommonOptions common;

  @Mixin RunOptions options;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    return PipelineExecution.execute(common, options, cluster, pipeline, null, newRun);
  }
}
