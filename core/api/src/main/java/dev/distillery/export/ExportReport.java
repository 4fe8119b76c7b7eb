package dev.distillery.export;

import dev.distillery.spi.UserException;
import java.util.Map;

/**
 * What an export wrote and how it was checked, saved as {@code export.json} next to the exported
 * file.
 *
 * @param stage the stage whose model was exported
 * @param model the model's role in that stage, e.g. {@code student}
 * @param architecture the model plugin id
 * @param format the export format's id, e.g. {@code onnx}
 * @param file the exported file's name (in the same directory as export.json)
 * @param facts the format's facts: for ONNX {@code opset}, {@code ir-version}, {@code input},
 *     {@code output} and {@code input-shape}
 * @param runtime the runtime that ran the exported file, with its version
 * @param tolerance the float tolerance the logits were held to
 * @param check the comparison with DJL's forward pass on the test images
 * @param passed whether the check passed ({@link LogitComparison#passed()})
 */
public record ExportReport(
    String stage,
    String model,
    String architecture,
    String format,
    String file,
    Map<String, Object> facts,
    String runtime,
    String tolerance,
    LogitComparison check,
    boolean passed) {

  /** The file name of the report next to the exported file. */
  public static final String FILE_NAME = "export.json";

  /** One line for the terminal and logs. */
  public String summary() {
    return "stage '"
        + stage
        + "' ("
        + architecture
        + ") → "
        + file
        + " "
        + facts
        + "; "
        + runtime
        + ": "
        + check.summary()
        + (passed ? " — matches DJL" : " — DOES NOT MATCH DJL");
  }

  /**
   * Throws when the exported model does not compute what DJL computes.
   *
   * @throws UserException naming the stage, the architecture and the figures
   */
  public void requirePassed() {
    if (passed) {
      return;
    }
    throw new UserException(
        "the "
            + format
            + " export of stage '"
            + stage
            + "' ("
            + architecture
            + ") does not match DJL: "
            + check.summary()
            + ", "
            + check.outsideTolerance()
            + " logits outside the tolerance, "
            + check.disagreements()
            + " images classified differently; the exporter of '"
            + architecture
            + "' writes a graph that differs from the DJL block — report it with the file "
            + file);
  }
}
