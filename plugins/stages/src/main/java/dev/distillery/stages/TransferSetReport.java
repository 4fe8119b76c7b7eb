package dev.distillery.stages;

import dev.distillery.training.data.TransferSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation report's note on the images each model trained on, when some stage trained on a
 * transfer set (the {@code training-images} entry of a training stage's result).
 */
final class TransferSetReport {

  private TransferSetReport() {}

  /** The training-images entry of a stage's result, or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> entry(Map<String, Object> stageReport) {
    return stageReport.get(TransferSet.REPORT_ENTRY) instanceof Map<?, ?> entry
        ? (Map<String, Object>) entry
        : null;
  }

  /** Images of class {@code k} in a training-images entry, or null. */
  static Integer imagesOfClass(Map<String, Object> entry, int k) {
    if (entry != null
        && entry.get("per-class") instanceof List<?> perClass
        && k >= 0
        && k < perClass.size()
        && perClass.get(k) instanceof Number count) {
      return count.intValue();
    }
    return null;
  }

  /** The Markdown note, empty when every model trained on the whole training split. */
  static String markdown(List<ModelReport> models) {
    boolean reduced =
        models.stream()
            .anyMatch(
                m ->
                    m.trainingImages != null
                        && m.trainingImages.get("images") instanceof Number images
                        && m.trainingImages.get("of") instanceof Number of
                        && images.intValue() != of.intValue());
    if (!reduced) {
      return "";
    }
    StringBuilder out = new StringBuilder("Training images (`transfer-set`):\n\n");
    for (ModelReport m : models) {
      Map<String, Object> entry = m.trainingImages;
      if (entry == null) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "- `%s`: %,d of %,d",
              m.stage(),
              ((Number) entry.get("images")).intValue(),
              ((Number) entry.get("of")).intValue()));
      if (entry.get("drop-classes") instanceof List<?> dropped && !dropped.isEmpty()) {
        out.append(", classes left out ").append(dropped);
      }
      if (entry.get("fraction") instanceof Number fraction && fraction.doubleValue() < 1) {
        out.append(String.format(Locale.ROOT, ", fraction %s", fraction));
      }
      out.append("; per class ").append(entry.get("per-class")).append('\n');
    }
    return out.append('\n').toString();
  }
}
