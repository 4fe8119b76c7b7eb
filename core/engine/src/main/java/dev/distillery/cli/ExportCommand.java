package dev.distillery.cli;

import ai.djl.ndarray.NDManager;
import dev.distillery.engine.Splits;
import dev.distillery.export.ExportReport;
import dev.distillery.export.ModelExport;
import dev.distillery.pipeline.PipelineLoader;
import dev.distillery.pipeline.PipelineSpec;
import dev.distillery.plugin.PluginRegistry;
import dev.distillery.run.RunDirectory;
import dev.distillery.run.StageModels;
import dev.distillery.spi.ExportFormatPlugin;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.training.Networks;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code distillery export RUN_DIR STAGE --format onnx [--output FILE]}: writes the model a stage
 * of a finished run trained in another format, runs the file in that format's runtime on the run's
 * test images, and checks its logits and accuracy against DJL's ({@link ModelExport}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Writes the model a stage trained in another format (onnx) and checks the file in that"
            + " format's runtime on the run's test images: logits equal to DJL's within float"
            + " tolerance, same accuracy. Writes export.json next to the file.")
final class ExportCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
  Path runDirectory;

  @Parameters(
      index = "1",
      paramLabel = "STAGE",
      description = "The stage whose model to export, e.g. student-kd.")
  String stage;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "onnx",
      description = "The export format (default: ${DEFAULT-VALUE}; `distillery list` names them).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Where to write the file (default: RUN_DIR/stages/STAGE/<model>.<format>, e.g."
              + " student.onnx); export.json goes in the same directory.")
  Path output;

  @Mixin CommonOptions common;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = RunDirectory.open(runDirectory);
    PluginRegistry plugins = common.plugins();
    ExportFormatPlugin exportFormat = ModelExport.format(plugins, format);
    ModelArtifact artifact = StageModels.of(run, stage);
    PipelineSpec pipeline = new PipelineLoader(plugins).load(run.pipelineFile());
    Splits data =
        Splits.load(pipeline.dataset(), pipeline.seed(), plugins, common.dataSearchPath());
    Path file =
        output != null
            ? output
            : run.stageDirectory(stage)
                .resolve(artifact.name() + "." + exportFormat.fileExtension());
    ExportReport report;
    try (NDManager manager = NDManager.newBaseManager()) {
      Network network =
          Networks.load(plugins, artifact, data.source().input(), run.path(), manager);
      report =
          ModelExport.exportAndCheck(
              exportFormat, stage, artifact, network, data.test(), file, manager);
    }
    Path written = file.toAbsolutePath().normalize();
    System.out.println("exported " + report.summary());
    System.out.println("  file:   " + written);
    System.out.println("  record: " + written.resolveSibling(ExportReport.FILE_NAME));
    report.requirePassed();
    return 0;
  }
}
