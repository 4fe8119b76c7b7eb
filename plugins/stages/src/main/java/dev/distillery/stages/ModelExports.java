package dev.distillery.stages;

import ai.djl.ndarray.NDManager;
import dev.distillery.export.ExportReport;
import dev.distillery.export.LogitComparison;
import dev.distillery.export.ModelExport;
import dev.distillery.spi.ExportFormatPlugin;
import dev.distillery.spi.ModelArtifact;
import dev.distillery.spi.Network;
import dev.distillery.spi.Preflight;
import dev.distillery.spi.StageContext;
import dev.distillery.spi.StageValidation;
import dev.distillery.spi.UserException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluate stage's {@code export} option: every evaluated model Distillery trained written in
 * each format asked for and checked against DJL on the test images ({@link ModelExport}), the
 * figures in the report. Models imported from files ({@code import-model}) are left as they are.
 *
 * <pre>
 * evaluate:
 *   uses: evaluate
 *   needs: [teacher, student-kd]
 *   with: {export: [onnx]}
 * </pre>
 */
final class ModelExports {

  private ModelExports() {}

  /** Every format id must name an export format plugin. */
  static void validate(List<String> formats, StageValidation validation) {
    for (int i = 0; i < formats.size(); i++) {
      String id = formats.get(i);
      if (validation.plugins().exportFormat(id).isEmpty()) {
        validation.error(
            "export[" + i + "]",
            "unknown export format '"
                + id
                + "'; available: "
                + validation.plugins().exportFormats().stream()
                    .map(ExportFormatPlugin::id)
                    .sorted()
                    .toList());
      }
    }
  }

  /** Every needed stage's model must be one the formats can write. */
  static void preflight(List<String> formats, Preflight preflight) {
    if (formats.isEmpty()) {
      return;
    }
    for (String id : formats) {
      ExportFormatPlugin format = preflight.plugins().exportFormat(id).orElse(null);
      if (format == null) {
        continue;
      }
      for (String stage : preflight.needs()) {
        var model = preflight.modelOf(stage);
        if (model.isEmpty() || imported(preflight.plugins(), model.get().architecture())) {
          continue;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
          Network network = preflight.network(model.get(), manager);
          format
              .refusal(network)
              .ifPresent(
                  reason -> {
                    throw new UserException(
                        "stage '"
                            + preflight.stageId()
                            + "': export: ["
                            + id
                            + "]: stage '"
                            + stage
                            + "': "
                            + reason
                            + "; remove '"
                            + id
                            + "' from export or the stage from needs");
                  });
        }
      }
    }
  }

  /**
   * Exports {@code network} (stage {@code stage}'s model) in each format to {@code
   * stages/<evaluate>/export/<stage>/} and checks it; null when no format is asked for.
   */
  static List<ExportReport> exportAndCheck(
      List<String> formats,
      StageContext context,
      String stage,
      ModelArtifact artifact,
      Network network,
      NDManager manager)
      throws IOException {
    if (formats.isEmpty() || imported(context.plugins(), artifact.architecture())) {
      return null; // a model imported from a file is a file already
    }
    List<ExportReport> reports = new ArrayList<>();
    for (String id : formats) {
      ExportFormatPlugin format = ModelExport.format(context.plugins(), id);
      Path directory = context.stageDirectory().resolve("export").resolve(stage);
      Path file =
          formats.size() == 1
              ? directory.resolve(artifact.name() + "." + format.fileExtension())
              : directory.resolve(id).resolve(artifact.name() + "." + format.fileExtension());
      ExportReport report =
          ModelExport.exportAndCheck(
              format, stage, artifact, network, context.testSplit(), file, manager);
      context.monitor().record("export", Map.of("summary", report.summary()));
      reports.add(report);
    }
    return reports;
  }

  /** Whether models of {@code architecture} come from files (import-model), not trained here. */
  private static boolean imported(dev.distillery.spi.PluginCatalog plugins, String architecture) {
    return plugins.model(architecture).map(plugin -> !plugin.trainable()).orElse(false);
  }

  /** {@code <stage>.<format>.max-difference} per exported model. */
  static Map<String, Double> summary(List<ModelReport> models) {
    Map<String, Double> summary = new LinkedHashMap<>();
    for (ModelReport model : models) {
      if (model.exports != null) {
        for (ExportReport export : model.exports) {
          summary.put(
              model.stage + "." + export.format() + ".max-difference",
              export.check().maxAbsoluteDifference());
        }
      }
    }
    return summary;
  }

  /** Fails the stage when an export does not match DJL (after the report is written). */
  static void requirePassed(List<ModelReport> models) {
    for (ModelReport model : models) {
      if (model.exports != null) {
        model.exports.forEach(ExportReport::requirePassed);
      }
    }
  }

  /** The "Exports" section of report.md; empty without exports. */
  static String markdown(List<ModelReport> models) {
    if (models.stream().allMatch(m -> m.exports == null)) {
      return "";
    }
    StringBuilder out = new StringBuilder("## Exports\n\n");
    out.append("Each model written in the format and run in its runtime on the test images;")
        .append(" logits compared with DJL's (tolerance `")
        .append(LogitComparison.TOLERANCE)
        .append("`).\n\n");
    out.append("| stage | format | file | runtime | max abs. difference |")
        .append(" top-1 % DJL | top-1 % exported | matches |\n");
    out.append("|---|---|---|---|---:|---:|---:|---|\n");
    for (ModelReport model : models) {
      if (model.exports == null) {
        continue;
      }
      for (ExportReport export : model.exports) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %.3g | %.2f | %.2f | %s |%n",
                model.stage,
                export.format() + " " + export.facts().getOrDefault("opset", ""),
                export.file(),
                export.runtime(),
                export.check().maxAbsoluteDifference(),
                100 * export.check().djlAccuracy(),
                100 * export.check().exportedAccuracy(),
                export.passed() ? "yes" : "**no**"));
      }
    }
    return out.append('\n').toString();
  }
}
