package dev.distillery.stages;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Options of the {@code evaluate} stage.
 *
 * @param teacher the stage whose model the others are compared with for top-1 agreement (default:
 *     the teacher of the first distill stage among the needs, if any)
 * @param batchSize images per inference batch for accuracy (default 256)
 * @param latencyRuns timed forward passes per batch size for latency (default 30)
 * @param baseline the stage whose model the others are compared with for accuracy gain, e.g. the
 *     student trained alone (optional); with repeated stages, every stage's runs are compared with
 *     the baseline's runs by Welch's t-test
 * @param omittedClass a class id: also measure every model on that class and overall before and
 *     after raising the class's logit by a bias chosen on the validation split (Hinton et al.'s
 *     omitted-class correction; see {@link OmittedClassCorrection}); optional
 * @param confidence the confidence of the gains' intervals (default 0.95)
 * @param export export formats, e.g. {@code [onnx]}: every evaluated model is also written in each
 *     format (under {@code stages/<this stage>/export/<stage>/}) and checked in the format's
 *     runtime on the test images against DJL, as {@code distillery export} does; the figures go in
 *     the report and a mismatch fails the stage (optional; none by default)
 */
public record EvaluateOptions(
    String teacher,
    Integer batchSize,
    Integer latencyRuns,
    String baseline,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer omittedClass,
    Double confidence,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> export) {

  public EvaluateOptions {
    batchSize = batchSize == null ? 256 : batchSize;
    latencyRuns = latencyRuns == null ? 30 : latencyRuns;
    confidence = confidence == null ? 0.95 : confidence;
    export = export == null ? null : List.copyOf(export);
  }

  /** The export formats asked for; empty when none. */
  public List<String> exportFormats() {
    return export == null ? List.of() : export;
  }
}
