package dev.distillery.export;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.distillery.options.OptionsMapper;
import dev.distillery.spi.ExportFormatPlugin;
import dev.distillery.spi.ExportedModel;
import dev.distillery.spi.ExportedModelRunner;
import dev.distillery.spi.ImageSplit;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.PluginCatalog;
import dev.distillery.spi.UserException;
import dev.distillery.training.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Exports a trained network and checks the file: writes it in the format, runs it in the format's
 * runtime on the test images, compares its logits and accuracy with DJL's forward pass ({@link
 * LogitComparison}) and saves the figures as {@code export.json} next to the file. Shared by {@code
 * distillery export} and the evaluate stage's {@code export} option.
 */
public final class ModelExport {

  /** Images per batch, for DJL and for the exported model alike. */
  static final int BATCH_SIZE = 128;

  private ModelExport() {}

  /**
   * The export format with this id, or an error that lists the formats there are.
   *
   * @throws UserException for an unknown id
   */
  public static ExportFormatPlugin format(PluginCatalog plugins, String id) {
    return plugins
        .exportFormat(id)
        .orElseThrow(
            () ->
                new UserException(
                    "unknown export format '"
                        + id
                        + "'; available: "
                        + plugins.exportFormats().stream()
                            .map(ExportFormatPlugin::id)
                            .sorted()
                            .toList()
                        + (plugins.exportFormats().isEmpty()
                            ? " (none: put the models plugin jar in the plugin directory)"
                            : "")));
  }

  /**
   * Writes {@code network} (the model {@code artifact} of stage {@code stage}, loaded) to {@code
   * file}, checks it on {@code test} and writes export.json next to it. Does not throw on a
   * mismatch: the report says whether it passed ({@link ExportReport#requirePassed()}).
   *
   * @param manager where DJL's forward passes allocate
   */
  public static ExportReport exportAndCheck(
      ExportFormatPlugin format,
      String stage,
      ModelArtifact artifact,
      Network network,
      ImageSplit test,
      Path file,
      NDManager manager)
      throws IOException {
    if (test.count() == 0) {
      throw new UserException(
          "cannot check the export of stage '"
              + stage
              + "': the run has no test images (dataset test-limit 0); export needs some to"
              + " compare the exported model with DJL");
    }
    Path target = file.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new UserException(
          "'"
              + file
              + "' is a directory; name the file to write, e.g. "
              + target.resolve(artifact.name() + "." + format.fileExtension()));
    }
    ExportedModel exported;
    try {
      Files.createDirectories(target.getParent());
      exported = format.write(network, target);
    } catch (IOException e) {
      throw new UserException(
          "cannot write '" + file + "': " + e + "; choose another place with --output", e);
    }
    int classes = network.input().classes();
    ParameterStore store = new ParameterStore(manager, false);
    float[] djl =
        Predictions.logits(
            images -> network.logits(network.block().forward(store, new NDList(images), false)),
            test,
            classes,
            manager,
            BATCH_SIZE);
    float[] exportedLogits = new float[test.count() * classes];
    String runtime;
    try (ExportedModelRunner runner = format.open(target)) {
      runtime = runner.runtime();
      for (int from = 0; from < test.count(); from += BATCH_SIZE) {
        int to = Math.min(from + BATCH_SIZE, test.count());
        float[] logits = runner.logits(test.copyImages(from, to), to - from);
        System.arraycopy(logits, 0, exportedLogits, from * classes, logits.length);
      }
    }
    LogitComparison check = LogitComparison.of(djl, exportedLogits, test.labels(), classes);
    ExportReport report =
        new ExportReport(
            stage,
            artifact.name(),
            artifact.architecture(),
            format.id(),
            target.getFileName().toString(),
            exported.facts(),
            runtime,
            LogitComparison.TOLERANCE,
            check,
            check.passed());
    try {
      OptionsMapper.mapper()
          .writeValue(target.resolveSibling(ExportReport.FILE_NAME).toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + ExportReport.FILE_NAME + " next to " + target, e);
    }
    return report;
  }
}
