package dev.distillery.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One stage's per-epoch figures, from the {@code epoch} records of {@code metrics.jsonl}: the
 * training loops write one record per epoch ({@code loss}: the weighted total; {@code
 * loss_<component>}: each unweighted component's epoch mean; {@code train_accuracy}, {@code
 * validation_accuracy}, and for data-free stages {@code test_accuracy}, {@code test_agreement},
 * {@code generated_agreement}). A later record of the same epoch (a stage run again) replaces an
 * earlier one.
 *
 * @param stage the stage id (a run of a repeated stage has its own, {@code student-kd.2})
 * @param epochs the figures of each epoch (1-based), by record field
 */
public record TrainingCurves(String stage, SortedMap<Integer, Map<String, Double>> epochs) {

  /** The loss curves: {@code total} (the weighted sum) first, then each component. */
  public Map<String, SortedMap<Integer, Double>> losses() {
    Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
    epochs.forEach(
        (epoch, figures) ->
            figures.forEach(
                (field, value) -> {
                  String name = null;
                  if (field.equals("loss")) {
                    name = "total";
                  } else if (field.startsWith("loss_")) {
                    name = field.substring("loss_".length());
                  }
                  if (name != null && Double.isFinite(value)) {
                    curves.computeIfAbsent(name, n -> new TreeMap<>()).put(epoch, value);
                  }
                }));
    return curves;
  }

  /**
   * The accuracy curves, as shares (0–1): {@code train}, {@code validation}, {@code test} from
   * {@code <split>_accuracy}, and {@code agreement (<split>)} from {@code <split>_agreement}.
   */
  public Map<String, SortedMap<Integer, Double>> accuracies() {
    Map<String, SortedMap<Integer, Double>> curves = new LinkedHashMap<>();
    epochs.forEach(
        (epoch, figures) ->
            figures.forEach(
                (field, value) -> {
                  String name = null;
                  if (field.endsWith("_accuracy")) {
                    name = field.substring(0, field.length() - "_accuracy".length());
                  } else if (field.endsWith("_agreement")) {
                    name =
                        "agreement ("
                            + field.substring(0, field.length() - "_agreement".length())
                            + ")";
                  }
                  if (name != null && Double.isFinite(value)) {
                    curves.computeIfAbsent(name, n -> new TreeMap<>()).put(epoch, value);
                  }
                }));
    return curves;
  }

  /** The epochs the stage was set to train (0 when no record says). */
  public int plannedEpochs() {
    return epochs.isEmpty()
        ? 0
        : epochs.get(epochs.lastKey()).getOrDefault("epochs", 0.0).intValue();
  }

  /** Adds one {@code epoch} record of {@code metrics.jsonl}. */
  void add(JsonNode record) {
    int epoch = record.path("epoch").asInt();
    Map<String, Double> figures = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : record.properties()) {
      if (field.getValue().isNumber()) {
        figures.put(field.getKey(), field.getValue().asDouble());
      }
    }
    epochs.put(epoch, figures);
  }

  static TrainingCurves empty(String stage) {
    return new TrainingCurves(stage, new TreeMap<>());
  }
}
