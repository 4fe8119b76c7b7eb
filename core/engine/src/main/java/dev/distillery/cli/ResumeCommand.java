package dev.distillery.cli;

import dev.distillery.run.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Continues a run from its directory: finished stages are kept, an interrupted stage"
            + " continues from its last checkpoint.")
final class ResumeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", description = "A run directory, runs/<pipeline>/<run-id>.")
  Path runDirectory;

  @Mixin CommonOptions common;

  @Mixin RunOptions options;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = RunDirectory.open(runDirectory);
    return PipelineExecution.execute(common, options, cluster, run.pipelineFile(), run, false);
  }
}
